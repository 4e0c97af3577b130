package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.capture.NetnsLabExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent capturing live, stopped by SIGTERM as a service manager or a script stops it: the JVM must not
 * exit before the run has printed its stats line. Needs root and {@code ip} (a veth into a namespace we create).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentSigtermIT {
  private static final Path JAR = Path.of(System.getProperty("agent.jar", "target/netsentinel-agent.jar"));

  @RegisterExtension final NetnsLabExtension netns = new NetnsLabExtension();
  @TempDir Path dir;

  @Test
  void sigtermStillPrintsTheStatsLineBeforeTheJvmExits() throws Exception {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process agent = new ProcessBuilder("java", "-jar", JAR.toString(), "--iface", netns.lab().hostIface, "--json",
        "--no-tray", "--http-port", "0", "--no-event-log")
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      for (int i = 0; i < 150 && !Files.readString(err, StandardCharsets.UTF_8).contains("capturing live"); i++) {
        Thread.sleep(100);
      }
      assertThat(Files.readString(err, StandardCharsets.UTF_8)).contains("capturing live");
      netns.lab().synSweep(2000, 20);
      agent.destroy(); // SIGTERM
      assertThat(agent.waitFor(30, TimeUnit.SECONDS)).as("agent stopped on SIGTERM").isTrue();
    } finally {
      agent.destroyForcibly();
    }
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).as(Files.readString(err, StandardCharsets.UTF_8)).isNotEmpty();
    assertThat(lines.get(lines.size() - 1)).startsWith("{\"event_type\":\"stats\"").contains("\"kernel_dropped\":");
  }
}
