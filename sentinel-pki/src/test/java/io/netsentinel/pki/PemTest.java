package io.netsentinel.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {
  @TempDir Path dir;

  static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @Test
  void aCertificateAndItsKeyRoundTripThroughPemFiles() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("Test CA", KeyType.EC_P256);
    CertifiedKey server = ca.issueServerCertificate("s", List.of("localhost"));
    server.write(dir.resolve("server.crt"), dir.resolve("server.key"));

    X509Certificate cert = Pem.readCertificate(dir.resolve("server.crt"));
    PrivateKey key = Pem.readPrivateKey(dir.resolve("server.key"));
    assertThat(cert).isEqualTo(server.certificate());
    assertThat(key.getEncoded()).isEqualTo(server.privateKey().getEncoded());
    assertThat(Files.readString(dir.resolve("server.key"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(CertifiedKey.read(dir.resolve("server.crt"), dir.resolve("server.key")).certificate()).isEqualTo(cert);
  }

  @Test
  void keysAreWrittenWithMode600AndCertificatesWith644() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("Test CA", KeyType.EC_P256);
    ca.write(dir.resolve("sub/ca.crt"), dir.resolve("sub/ca.key"));
    assertThat(mode(dir.resolve("sub/ca.key"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("sub/ca.crt"))).isEqualTo("rw-r--r--");
  }

  @Test
  void rewritingAnOpenKeyFileTightensItsMode() throws Exception {
    Path key = dir.resolve("old.key");
    Files.writeString(key, "old");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));
    Pem.writePrivateKey(key, CertificateAuthority.create("CA", KeyType.EC_P256).privateKey());
    assertThat(mode(key)).isEqualTo("rw-------");
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("old.key");
    }
  }

  @Test
  void aBundleGivesEveryCertificateInOrder() throws Exception {
    X509Certificate a = CertificateAuthority.create("A", KeyType.EC_P256).certificate();
    X509Certificate b = CertificateAuthority.create("B", KeyType.EC_P256).certificate();
    Pem.writeCertificates(dir.resolve("bundle.crt"), a, b);
    assertThat(Pem.readCertificates(dir.resolve("bundle.crt"))).containsExactly(a, b);
  }

  @Test
  void aKeyFromAnotherCertificateIsRefusedNamingBothFiles() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("CA", KeyType.EC_P256);
    ca.issueServerCertificate("a", List.of("localhost")).write(dir.resolve("a.crt"), dir.resolve("a.key"));
    ca.issueServerCertificate("b", List.of("localhost")).write(dir.resolve("b.crt"), dir.resolve("b.key"));
    assertThatThrownBy(() -> CertifiedKey.read(dir.resolve("a.crt"), dir.resolve("b.key")))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("b.key")
        .hasMessageContaining("a.crt");
  }

  @Test
  void aFileWithoutPemContentIsOneClearError() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "hello\n");
    assertThatThrownBy(() -> Pem.readCertificate(dir.resolve("notes.txt")))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("notes.txt")
        .hasMessageContaining("no PEM certificate");
    assertThatThrownBy(() -> Pem.readPrivateKey(dir.resolve("notes.txt")))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("no PEM private key");
    assertThatThrownBy(() -> Pem.readCertificate(dir.resolve("missing.crt")))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("missing.crt: file not found");
  }

  @Test
  void keysMadeByOpensslInTheTraditionalFormsAreRead() throws Exception {
    assumeTrue(OpenSsl.available(), "openssl is not on the PATH: skipping the OpenSSL key format check");
    Path ec = dir.resolve("ec.key");
    Path rsa = dir.resolve("rsa.key");
    Path encrypted = dir.resolve("enc.key");
    OpenSsl.run(dir, "ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", ec.toString());
    OpenSsl.run(dir, "genrsa", "-traditional", "-out", rsa.toString(), "2048");
    OpenSsl.run(
        dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256", "-pass", "pass:x",
        "-out", encrypted.toString());
    assertThat(Files.readString(ec)).contains("BEGIN EC PRIVATE KEY");
    assertThat(Files.readString(rsa)).contains("BEGIN RSA PRIVATE KEY");

    assertThat(Pem.readPrivateKey(ec).getAlgorithm()).isEqualTo("EC");
    assertThat(Pem.readPrivateKey(rsa).getAlgorithm()).isEqualTo("RSA");
    assertThatThrownBy(() -> Pem.readPrivateKey(encrypted))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("encrypted");
  }

  /** Runs the openssl command line, bounded in time. */
  static final class OpenSsl {
    static boolean available() {
      try {
        Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
        return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
      } catch (Exception e) {
        return false;
      }
    }

    /** Returns the exit code and the combined output. */
    static Result run(Path dir, String... args) throws Exception {
      List<String> command = new java.util.ArrayList<>(List.of("openssl"));
      command.addAll(List.of(args));
      Path out = Files.createTempFile(dir, "openssl", ".out");
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("openssl did not finish in 60 s: " + command);
      }
      return new Result(p.exitValue(), Files.readString(out));
    }

    record Result(int code, String output) {}
  }
}
