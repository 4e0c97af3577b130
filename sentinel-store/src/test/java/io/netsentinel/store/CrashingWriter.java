package io.netsentinel.store;

import io.netsentinel.api.Alert;
import io.netsentinel.api.Severity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A server stand-in for {@link EmbeddedCrashTest}: appends batches to the embedded store in {@code args[0]} forever and
 * prints {@code ack <batch>} after each append returns, i.e. once the batch is acknowledged. It never closes the
 * store: the test kills it with SIGKILL.
 */
public final class CrashingWriter {
  private CrashingWriter() {}

  public static void main(String[] args) {
    AlertStore store = AlertStores.openEmbedded(Path.of(args[0]));
    System.out.println("ready");
    System.out.flush();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    for (int b = 0; ; b++) {
      List<Alert> batch = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        batch.add(new Alert(batchId(b, i), t0.plusMillis(b * 50L + i), Severity.HIGH, "PORT_SCAN", "crash",
            "batch " + b, "10.0.0." + (i % 250), null, null, null, null, null, null, null, null, Map.of()));
      }
      store.append("agent-crash", batch, t0);
      System.out.println("ack " + b);
      System.out.flush();
    }
  }

  static String batchId(int batch, int i) {
    return "crash-" + batch + "-" + i;
  }
}
