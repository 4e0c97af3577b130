package io.netsentinel.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real handshakes on loopback with the files {@code init} writes: a JDK SSLServerSocket presents server.crt, and
 * clients trust only a CA file. Every socket has a timeout, and the accept loop ends when the socket closes.
 */
class TlsHandshakeTest {
  private static final int TIMEOUT_MS = 10_000;
  private static final int OK = 42;

  @TempDir Path dir;
  PkiFiles files;
  SSLServerSocket server;
  ExecutorService acceptor;

  /** Starts a TLS server on 127.0.0.1 that answers one byte per connection after the handshake. */
  void startServer(SSLContext context, boolean needClientAuth) throws IOException {
    server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    SSLParameters parameters = TlsPolicy.apply(server.getSSLParameters(), context.getSupportedSSLParameters());
    parameters.setNeedClientAuth(needClientAuth);
    server.setSSLParameters(parameters);
    acceptor = Executors.newSingleThreadExecutor();
    acceptor.submit(
        () -> {
          while (!server.isClosed()) {
            try (SSLSocket s = (SSLSocket) server.accept()) {
              s.setSoTimeout(TIMEOUT_MS);
              s.startHandshake();
              s.getOutputStream().write(OK);
              s.getOutputStream().flush();
              s.getInputStream().read(); // wait for the client to close, so the byte is not lost to a reset
            } catch (IOException e) {
              // a refused handshake is what several tests expect; the next client gets a fresh accept
            }
          }
          return null;
        });
  }

  @BeforeEach
  void init() throws IOException {
    files = new ServerPki().init(dir, InitOptions.defaults()).files();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (acceptor != null) {
      acceptor.shutdownNow();
      assertThat(acceptor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  SSLContext serverContext() throws IOException {
    return TlsMaterial.serverContext(TlsMaterial.keyManager(files.serverCertificate(), files.serverKey()), null);
  }

  /**
   * Connects to the server's port on 127.0.0.1 while calling the server {@code host} (SNI and host name check), so no
   * name is ever resolved. Returns null on success, else the failure.
   */
  Exception connect(SSLContext client, String host, List<String> protocols, List<String> suites) {
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.getLocalPort()), TIMEOUT_MS);
      plain.setSoTimeout(TIMEOUT_MS);
      try (SSLSocket tls = (SSLSocket) client.getSocketFactory().createSocket(plain, host, server.getLocalPort(), true)) {
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (protocols != null) {
          parameters.setProtocols(protocols.toArray(new String[0]));
        }
        if (suites != null) {
          parameters.setCipherSuites(suites.toArray(new String[0]));
        }
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        int answer = tls.getInputStream().read();
        return answer == OK ? null : new IOException("the server closed the connection (read " + answer + ")");
      }
    } catch (Exception e) {
      return e;
    }
  }

  Exception connect(SSLContext client, String host) {
    return connect(client, host, null, null);
  }

  SSLContext clientTrustingOnlyTheCa() throws IOException {
    return TlsMaterial.clientContext(TlsMaterial.trustManager(files.caCertificate()), null);
  }

  static String chain(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t).append(" | ");
    }
    return text.toString();
  }

  @Test
  void aClientTrustingOnlyTheCaConnectsToLocalhostAndToTheLoopbackAddress() throws Exception {
    startServer(serverContext(), false);
    assertThat(connect(clientTrustingOnlyTheCa(), "localhost")).isNull();
    assertThat(connect(clientTrustingOnlyTheCa(), "127.0.0.1")).isNull();
  }

  @Test
  void aClientConnectsByThisHostsName() throws Exception {
    String host = SubjectAltNames.hostName();
    org.junit.jupiter.api.Assumptions.assumeTrue(host != null, "this host has no name: nothing to check");
    startServer(serverContext(), false);
    assertThat(connect(clientTrustingOnlyTheCa(), host)).isNull();
  }

  @Test
  void aClientTrustingAnotherCaRefusesTheServer() throws Exception {
    startServer(serverContext(), false);
    X509Certificate otherCa = CertificateAuthority.create("NetSentinel CA", KeyType.EC_P256).certificate();
    SSLContext client = TlsMaterial.clientContext(TlsMaterial.trustManager(List.of(otherCa)), null);
    Exception failure = connect(client, "localhost");
    assertThat(failure).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    assertThat(chain(failure)).contains("PKIX path");
  }

  @Test
  void aNameThatIsNotInTheCertificateIsRefused() throws Exception {
    startServer(serverContext(), false);
    Exception failure = connect(clientTrustingOnlyTheCa(), "not-in-the-certificate.example");
    assertThat(failure).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    assertThat(chain(failure)).contains("not-in-the-certificate.example");
  }

  @Test
  void anAddressThatIsNotInTheCertificateIsRefused() throws Exception {
    startServer(serverContext(), false);
    Exception failure = connect(clientTrustingOnlyTheCa(), "192.0.2.77");
    assertThat(failure).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    assertThat(chain(failure)).contains("192.0.2.77");
  }

  @Test
  void theJdkDefaultTrustStoreDoesNotTrustTheServer() throws Exception {
    startServer(serverContext(), false);
    Exception failure = connect(SSLContext.getDefault(), "localhost");
    assertThat(failure).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
  }

  @Test
  void theHandshakeUsesTls13AndATls12ClientWithCbcSuitesIsRefused() throws Exception {
    startServer(serverContext(), false);
    assertThat(connect(clientTrustingOnlyTheCa(), "localhost", List.of("TLSv1.3"), null)).isNull();
    assertThat(
            connect(
                clientTrustingOnlyTheCa(), "localhost", List.of("TLSv1.2"),
                List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")))
        .isNull();
    assertThat(
            connect(
                clientTrustingOnlyTheCa(), "localhost", List.of("TLSv1.2"),
                List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA")))
        .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
  }

  @Test
  void withMutualTlsAnAgentCertificateFromTheCaIsAcceptedAndNoCertificateIsNot() throws Exception {
    CertifiedKey agent = new ServerPki().issueAgentCertificate(files, "agent-7", false);
    SSLContext context =
        TlsMaterial.serverContext(
            TlsMaterial.keyManager(files.serverCertificate(), files.serverKey()),
            TlsMaterial.trustManager(files.caCertificate()));
    startServer(context, true);

    SSLContext withCert =
        TlsMaterial.clientContext(
            TlsMaterial.trustManager(files.caCertificate()),
            TlsMaterial.keyManager(files.agentCertificate("agent-7"), files.agentKey("agent-7")));
    assertThat(connect(withCert, "localhost")).isNull();
    assertThat(agent.certificate().getSubjectX500Principal().getName()).contains("CN=agent-7");

    Exception without = connect(clientTrustingOnlyTheCa(), "localhost");
    assertThat(without).isNotNull();
  }

  @Test
  void withMutualTlsAServerCertificateIsNotAcceptedAsAClientCertificate() throws Exception {
    SSLContext context =
        TlsMaterial.serverContext(
            TlsMaterial.keyManager(files.serverCertificate(), files.serverKey()),
            TlsMaterial.trustManager(files.caCertificate()));
    startServer(context, true);
    SSLContext posingAsClient =
        TlsMaterial.clientContext(
            TlsMaterial.trustManager(files.caCertificate()),
            TlsMaterial.keyManager(files.serverCertificate(), files.serverKey()));
    assertThat(connect(posingAsClient, "localhost")).isNotNull();
  }
}
