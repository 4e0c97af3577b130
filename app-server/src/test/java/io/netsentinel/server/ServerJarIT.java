package io.netsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.pki.Pem;
import io.netsentinel.pki.TlsMaterial;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code netsentinel-server.jar}, run as a user runs it: a separate JVM. It proves the shaded jar works
 * with Bouncy Castle's signature files stripped.
 */
class ServerJarIT {
  private static final Path JAR = Path.of(System.getProperty("server.jar", "target/netsentinel-server.jar"));

  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  private Run server(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("server did not finish in 120 s: " + command);
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void theShadedJarRunsInitAndWritesCertificatesTheJdkAccepts() throws Exception {
    Path dir = tmp.resolve("srv");
    Run r = server("init", "--dir", dir.toString(), "--san", "sensor.example");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Dashboard login: admin / ");
    assertThat(r.err()).isEmpty();
    ServerCommandTest.validate(
        Pem.readCertificate(dir.resolve("certs/server.crt")), Pem.readCertificate(dir.resolve("certs/ca.crt")));
    assertThat(TlsMaterial.keyManager(dir.resolve("certs/server.crt"), dir.resolve("certs/server.key"))).isNotNull();

    Run agent = server("issue-agent-cert", "a1", "--dir", dir.toString());
    assertThat(agent.code()).as(agent.err()).isZero();
    Run rotate = server("rotate-key", "--dir", dir.toString());
    assertThat(rotate.code()).as(rotate.err()).isZero();
  }

  @Test
  void theShadedJarAnswersHelpVersionAndSaysTheServerIsNotInThisBuild() throws Exception {
    Run help = server("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Usage: netsentinel-server").contains("init");
    Run version = server("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("netsentinel-server 0.1.0-SNAPSHOT");
    Run run = server("--port", "9443");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith("netsentinel-server: error: the server itself is not in this build yet")
        .doesNotContain("\n");
  }
}
