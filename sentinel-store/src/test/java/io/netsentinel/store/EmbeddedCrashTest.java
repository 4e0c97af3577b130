package io.netsentinel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a process writing to the embedded store loses no acknowledged alert. */
class EmbeddedCrashTest {
  @TempDir Path dataDir;

  @Test
  @Timeout(60)
  void everyAlertAcknowledgedBeforeAKillMinusNineIsStillThereAfterARestart() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process writer =
        new ProcessBuilder(java, "-cp", classpath, CrashingWriter.class.getName(), dataDir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    int lastAck = -1;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ack ")) {
          lastAck = Integer.parseInt(line.substring(4));
          if (lastAck >= 40) {
            // SIGKILL while the writer is in the middle of its next batches.
            writer.destroyForcibly();
            break;
          }
        }
      }
    } finally {
      writer.destroyForcibly();
      assertThat(writer.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(writer.exitValue()).isEqualTo(137);
    assertThat(lastAck).isEqualTo(40);

    try (AlertStore reopened = AlertStores.openEmbedded(dataDir)) {
      Set<String> stored = new HashSet<>();
      reopened.forEach(AlertQuery.all(1), a -> stored.add(a.alert().id()));
      for (int b = 0; b <= lastAck; b++) {
        for (int i = 0; i < 50; i++) {
          assertThat(stored).contains(CrashingWriter.batchId(b, i));
        }
      }
      // Whole batches or nothing: a batch cut by the kill is not half stored.
      assertThat(stored.size() % 50).isZero();
      assertThat(reopened.stats(AlertStoreContract.NOW).total()).isEqualTo(stored.size());
    }
    assertThat(new File(dataDir.toFile(), AlertStores.EMBEDDED_FILE)).exists();
  }
}
