package io.netsentinel.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsentinel.pki.CertificateAuthority;
import io.netsentinel.pki.CertifiedKey;
import io.netsentinel.pki.KeyType;
import io.netsentinel.pki.TlsMaterial;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A real HTTPS server (MockWebServer) with a certificate from our own PKI, playing the NetSentinel server's agent
 * routes: register, heartbeat, and alert batches, which it de-duplicates by id as the real server does.
 */
final class TestServer implements AutoCloseable {
  final MockWebServer web = new MockWebServer();
  final List<String> received = new CopyOnWriteArrayList<>();
  final Set<String> distinct = Collections.synchronizedSet(new LinkedHashSet<>());
  final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  final List<String> apiKeys = new CopyOnWriteArrayList<>();
  final List<String> encodings = new CopyOnWriteArrayList<>();
  final List<Long> batchTimes = new CopyOnWriteArrayList<>();
  final AtomicInteger registrations = new AtomicInteger();
  final AtomicInteger heartbeats = new AtomicInteger();
  final List<String> heartbeatBodies = new CopyOnWriteArrayList<>();
  /** The status to answer the n-th alert batch with (0-based); 200 by default. */
  volatile IntFunction<MockResponse> batchAnswer = n -> null;
  private final AtomicInteger batches = new AtomicInteger();
  private final ObjectMapper json = new ObjectMapper();

  /** Makes a CA and a server certificate for {@code names} in {@code dir}: ca.crt, server.crt, server.key. */
  static CertificateAuthority pki(Path dir, List<String> names) throws IOException {
    CertificateAuthority ca = CertificateAuthority.create("NetSentinel test CA", KeyType.EC_P256);
    ca.write(dir.resolve("ca.crt"), dir.resolve("ca.key"));
    ca.issueServerCertificate(names.get(0), names).write(dir.resolve("server.crt"), dir.resolve("server.key"));
    return ca;
  }

  TestServer(Path certDir, int port) throws Exception {
    this(certDir, port, false);
  }

  /** With {@code requireClientCert}, the server demands a client certificate signed by the same CA. */
  TestServer(Path certDir, int port, boolean requireClientCert) throws Exception {
    this(certDir, port, requireClientCert, null);
  }

  /** With {@code onlyProtocol}, the server speaks only that TLS version (such as "TLSv1.1"). */
  TestServer(Path certDir, int port, boolean requireClientCert, String onlyProtocol) throws Exception {
    CertifiedKey server = CertifiedKey.read(certDir.resolve("server.crt"), certDir.resolve("server.key"));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    char[] password = "test".toCharArray();
    kmf.init(TlsMaterial.keyStore(server.privateKey(), List.of(server.certificate()), password), password);
    SSLContext tls = SSLContext.getInstance("TLS");
    javax.net.ssl.TrustManager[] clientTrust = requireClientCert
        ? new javax.net.ssl.TrustManager[] {TlsMaterial.trustManager(certDir.resolve("ca.crt"))} : null;
    tls.init(kmf.getKeyManagers(), clientTrust, null);
    web.useHttps(onlyProtocol == null ? tls.getSocketFactory()
        : new OneProtocol(tls.getSocketFactory(), onlyProtocol));
    if (requireClientCert) {
      web.requireClientAuth();
    }
    web.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer(request);
      }
    });
    web.start(InetAddress.getByName("127.0.0.1"), port);
  }

  String url() {
    return "https://127.0.0.1:" + web.getPort();
  }

  private MockResponse answer(RecordedRequest r) {
    String path = r.getUrl().encodedPath();
    try {
      if (path.equals("/api/v1/agents/register")) {
        registrations.incrementAndGet();
        return json(200, "{\"agent_id\":\"agent-7\"}");
      }
      if (path.startsWith("/api/v1/agents/") && path.endsWith("/heartbeat")) {
        heartbeats.incrementAndGet();
        heartbeatBodies.add(r.getBody().utf8());
        return json(200, "{\"ok\":true}");
      }
      if (path.equals("/api/v1/alerts")) {
        int n = batches.getAndIncrement();
        MockResponse special = batchAnswer.apply(n);
        batchTimes.add(System.nanoTime());
        if (special != null) {
          return special;
        }
        apiKeys.add(r.getHeaders().get("X-API-Key"));
        encodings.add(String.valueOf(r.getHeaders().get("Content-Encoding")));
        byte[] body = r.getBody().toByteArray();
        if ("gzip".equals(r.getHeaders().get("Content-Encoding"))) {
          try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            body = in.readAllBytes();
          }
        }
        JsonNode alerts = json.readTree(body).path("alerts");
        List<String> ids = new ArrayList<>();
        alerts.forEach(a -> ids.add(a.path("id").asText()));
        batchSizes.add(ids.size());
        received.addAll(ids);
        distinct.addAll(ids);
        return json(200, "{\"accepted\":" + ids.size() + "}");
      }
      return json(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no such route\"}}");
    } catch (IOException e) {
      return json(400, "{\"error\":{\"code\":\"bad_json\",\"message\":\"" + e.getMessage() + "\"}}");
    }
  }

  /** Wraps the server's sockets so that they enable exactly one protocol version. */
  private static final class OneProtocol extends javax.net.ssl.SSLSocketFactory {
    private final javax.net.ssl.SSLSocketFactory delegate;
    private final String protocol;

    OneProtocol(javax.net.ssl.SSLSocketFactory delegate, String protocol) {
      this.delegate = delegate;
      this.protocol = protocol;
    }

    private java.net.Socket only(java.net.Socket s) {
      ((javax.net.ssl.SSLSocket) s).setEnabledProtocols(new String[] {protocol});
      return s;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public java.net.Socket createSocket(java.net.Socket s, String host, int port, boolean autoClose)
        throws IOException {
      return only(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public java.net.Socket createSocket(String host, int port) throws IOException {
      return only(delegate.createSocket(host, port));
    }

    @Override
    public java.net.Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return only(delegate.createSocket(host, port, local, localPort));
    }

    @Override
    public java.net.Socket createSocket(InetAddress host, int port) throws IOException {
      return only(delegate.createSocket(host, port));
    }

    @Override
    public java.net.Socket createSocket(InetAddress address, int port, InetAddress local, int localPort)
        throws IOException {
      return only(delegate.createSocket(address, port, local, localPort));
    }
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  @Override
  public void close() {
    web.close();
  }
}
