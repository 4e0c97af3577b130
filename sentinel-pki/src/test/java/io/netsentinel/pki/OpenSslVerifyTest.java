package io.netsentinel.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netsentinel.pki.PemTest.OpenSsl;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second opinion from OpenSSL on what {@code init} writes. */
class OpenSslVerifyTest {
  @TempDir Path dir;
  PkiFiles files;

  @BeforeEach
  void initAndRequireOpenssl() throws Exception {
    assumeTrue(OpenSsl.available(), "openssl is not on the PATH: skipping the openssl verify checks");
    files = new ServerPki().init(dir, InitOptions.defaults().withExtraSubjectAltNames(List.of("sensor.example")))
        .files();
  }

  @Test
  void opensslVerifiesTheServerCertificateAgainstTheCaForTlsServers() throws Exception {
    OpenSsl.Result r =
        OpenSsl.run(
            dir, "verify", "-purpose", "sslserver", "-CAfile", files.caCertificate().toString(),
            files.serverCertificate().toString());
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).contains(": OK");
  }

  @Test
  void opensslChecksTheServerCertificateHostAndAddress() throws Exception {
    OpenSsl.Result byName =
        OpenSsl.run(
            dir, "verify", "-verify_hostname", "sensor.example", "-CAfile", files.caCertificate().toString(),
            files.serverCertificate().toString());
    OpenSsl.Result byIp =
        OpenSsl.run(
            dir, "verify", "-verify_ip", "127.0.0.1", "-CAfile", files.caCertificate().toString(),
            files.serverCertificate().toString());
    OpenSsl.Result wrongName =
        OpenSsl.run(
            dir, "verify", "-verify_hostname", "elsewhere.example", "-CAfile", files.caCertificate().toString(),
            files.serverCertificate().toString());
    assertThat(byName.code()).as(byName.output()).isZero();
    assertThat(byIp.code()).as(byIp.output()).isZero();
    assertThat(wrongName.code()).as(wrongName.output()).isNotZero();
  }

  @Test
  void opensslRefusesTheServerCertificateAgainstAnotherCa() throws Exception {
    Path otherCa = dir.resolve("other-ca.crt");
    Pem.writeCertificates(otherCa, CertificateAuthority.create("Other CA", KeyType.EC_P256).certificate());
    OpenSsl.Result r =
        OpenSsl.run(dir, "verify", "-CAfile", otherCa.toString(), files.serverCertificate().toString());
    assertThat(r.code()).as(r.output()).isNotZero();
  }

  @Test
  void opensslVerifiesAnAgentCertificateForTlsClientsOnly() throws Exception {
    new ServerPki().issueAgentCertificate(files, "agent-1", false);
    String agent = files.agentCertificate("agent-1").toString();
    OpenSsl.Result client =
        OpenSsl.run(dir, "verify", "-purpose", "sslclient", "-CAfile", files.caCertificate().toString(), agent);
    OpenSsl.Result server =
        OpenSsl.run(dir, "verify", "-purpose", "sslserver", "-CAfile", files.caCertificate().toString(), agent);
    assertThat(client.code()).as(client.output()).isZero();
    assertThat(server.code()).as(server.output()).isNotZero();
  }

  @Test
  void opensslReadsThePkcs8KeysAndFindsThemMatchingTheCertificates() throws Exception {
    OpenSsl.Result keyPub = OpenSsl.run(dir, "pkey", "-in", files.serverKey().toString(), "-pubout");
    OpenSsl.Result certPub =
        OpenSsl.run(dir, "x509", "-in", files.serverCertificate().toString(), "-noout", "-pubkey");
    assertThat(keyPub.code()).as(keyPub.output()).isZero();
    assertThat(keyPub.output()).contains("BEGIN PUBLIC KEY").isEqualTo(certPub.output());
  }
}
