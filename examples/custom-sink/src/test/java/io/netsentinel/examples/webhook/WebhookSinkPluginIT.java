package io.netsentinel.examples.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged sink JAR in a plugin folder of the real shaded agent, enabled by the config file. */
class WebhookSinkPluginIT {
  private static final long TIMEOUT_SECONDS = 120;

  @TempDir Path dir;

  @Test
  void theAgentPostsEveryAlertItPrintsToTheWebhookFromThePluginFolder() throws Exception {
    Path jar = Path.of(System.getProperty("plugin.jar", "target/example-custom-sink.jar"));
    Path agent = Path.of(System.getProperty("agent.jar", "../../app-agent/target/netsentinel-agent.jar"));
    Path capture = Path.of(System.getProperty("testdata.dir", "../../testdata"))
        .resolve("pcaps/synflood_200_synthetic_suricata.pcap");
    assertThat(jar).as("the plugin JAR (failsafe runs after package)").isRegularFile();
    assertThat(agent).as("the agent JAR (build it: mvn -pl app-agent -DskipTests package)").isRegularFile();
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.copy(jar, plugins.resolve(jar.getFileName()));

    try (RecordingServer server = new RecordingServer()) {
      Path config = dir.resolve("sentinel_config.json");
      Files.writeString(config, "{\"sinks\": {\"webhook\": {\"url\": \"" + server.url() + "\", \"batch_size\": 10}}}");

      List<String> stdout = run(agent, "--config", config.toString(), "--plugins", plugins.toString(),
          "--read", capture.toString(), "--json", "--quiet");

      List<Alert> printed = new ArrayList<>();
      AlertJson json = new AlertJson();
      stdout.stream().filter(l -> l.contains("\"event_type\":\"alert\"")).forEach(l -> printed.add(json.read(l)));
      assertThat(printed).as("the capture must make the agent alert for this test to mean anything").isNotEmpty();
      List<Alert> posted = new ArrayList<>();
      server.requests().forEach(r -> posted.addAll(WebhookBodies.parse(r.body()).alerts()));
      assertThat(posted).containsExactlyElementsOf(printed);
      assertThat(stdout.get(stdout.size() - 1)).contains("\"webhook/sent\":" + printed.size());
    }
  }

  private List<String> run(Path agent, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", agent.toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("agent.out");
    Path err = dir.resolve("agent.err");
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("the agent did not finish within " + TIMEOUT_SECONDS + " s: " + command);
    }
    assertThat(process.exitValue()).as(Files.readString(err, StandardCharsets.UTF_8)).isZero();
    return Files.readAllLines(out, StandardCharsets.UTF_8);
  }
}
