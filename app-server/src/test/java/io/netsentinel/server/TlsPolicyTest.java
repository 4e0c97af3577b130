package io.netsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server speaks only TLS 1.3 and TLS 1.2 with ECDHE and AEAD. */
class TlsPolicyTest {
  @TempDir Path tmp;

  private static HttpResponse<String> get(TestServer s, String protocol, String suite) throws Exception {
    SSLParameters p = new SSLParameters();
    p.setProtocols(new String[] {protocol});
    if (suite != null) {
      p.setCipherSuites(new String[] {suite});
    }
    HttpClient c = HttpClient.newBuilder().sslContext(s.clientTls).sslParameters(p)
        .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    return c.send(HttpRequest.newBuilder(s.uri("/healthz")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acceptsTls13AndTls12WithEcdheGcmAndRefusesCbcSuites() throws Exception {
    try (TestServer s = TestServer.start(tmp)) {
      assertThat(get(s, "TLSv1.3", null).statusCode()).isEqualTo(200);
      assertThat(get(s, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> get(s, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"))
          .isInstanceOf(java.io.IOException.class);
    }
  }
}
