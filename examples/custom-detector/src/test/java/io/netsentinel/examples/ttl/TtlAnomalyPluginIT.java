package io.netsentinel.examples.ttl;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertJson;
import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.PacketView;
import io.netsentinel.capture.PcapFileWriter;
import io.netsentinel.testkit.PacketBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged plugin JAR, dropped into a plugin folder of the real shaded agent. */
class TtlAnomalyPluginIT {
  private static final long TIMEOUT_SECONDS = 120;
  private static final String HOST = "10.0.0.5";
  private static final String PEER = "10.0.0.9";
  private static final int LEARNED_TTL = 54;
  private static final int FORGED_TTL = 120;

  @TempDir Path dir;
  private Path plugins;
  private String pluginJarName;

  @BeforeEach
  void installThePlugin() throws IOException {
    Path jar = Path.of(System.getProperty("plugin.jar", "target/example-custom-detector.jar"));
    assertThat(jar).as("the plugin JAR (failsafe runs after package)").isRegularFile();
    assertThat(agentJar()).as("the agent JAR (build it: mvn -pl app-agent -DskipTests package)").isRegularFile();
    plugins = Files.createDirectories(dir.resolve("plugins"));
    pluginJarName = jar.getFileName().toString();
    Files.copy(jar, plugins.resolve(pluginJarName));
  }

  @Test
  void theAgentListsTheDetectorFromThePluginFolder() throws Exception {
    Run run = agent("--plugins", plugins.toString(), "--list-plugins");

    assertThat(run.exitCode).as(run.stderr).isZero();
    assertThat(run.stdout).anySatisfy(line -> assertThat(line.split("\\s+"))
        .startsWith("ttl-anomaly", "detector")
        .anySatisfy(word -> assertThat(word).endsWith(pluginJarName)));
  }

  @Test
  void theAgentReportsATtlAnomalyInJsonWhenReadingACaptureWithAForgedSource() throws Exception {
    Path capture = dir.resolve("forged.pcap");
    long t = 1_700_000_000_000_000_000L;
    try (PcapFileWriter writer = new PcapFileWriter(capture, LinkTypes.ETHERNET, 65535)) {
      for (int i = 0; i < 9; i++) {
        int ttl = i < 5 ? LEARNED_TTL : FORGED_TTL;
        byte[] frame = new PacketBuilder().ipv4(HOST, PEER).ttl(ttl).tcp(40000, 443, PacketView.TCP_ACK).build();
        writer.write(t + i * 100_000_000L, frame, 0, frame.length, frame.length);
      }
    }

    Run run = agent("--plugins", plugins.toString(), "--detectors", "ttl-anomaly", "--read", capture.toString(),
        "--json", "--quiet");

    assertThat(run.exitCode).as(run.stderr).isZero();
    List<Alert> alerts = new ArrayList<>();
    AlertJson json = new AlertJson();
    for (String line : run.stdout) {
      if (line.contains("\"event_type\":\"alert\"")) {
        alerts.add(json.read(line));
      }
    }
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.detector()).isEqualTo("ttl-anomaly");
      assertThat(a.category()).isEqualTo("TTL_ANOMALY");
      assertThat(a.srcIp()).isEqualTo(HOST);
      assertThat(a.destIp()).isEqualTo(PEER);
      assertThat(a.attributes())
          .containsEntry("learned_ttl", Integer.toString(LEARNED_TTL))
          .containsEntry("observed_ttl", Integer.toString(FORGED_TTL))
          .containsEntry("deviation", Integer.toString(FORGED_TTL - LEARNED_TTL));
    });
    assertThat(run.stdout.get(run.stdout.size() - 1))
        .contains("\"event_type\":\"stats\"", "\"packets\":9,", "\"alerts\":1,", "\"ttl-anomaly/baselines\"")
        .contains("\"ttl-anomaly/anomalous_packets\":" + (9 - 5));
  }

  private static Path agentJar() {
    return Path.of(System.getProperty("agent.jar", "../../app-agent/target/netsentinel-agent.jar"));
  }

  private Run agent(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(agentJar().toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "agent", ".out");
    Path err = Files.createTempFile(dir, "agent", ".err");
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("the agent did not finish within " + TIMEOUT_SECONDS + " s: " + command);
    }
    return new Run(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private record Run(int exitCode, List<String> stdout, String stderr) {}
}
