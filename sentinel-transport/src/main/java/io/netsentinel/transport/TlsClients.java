package io.netsentinel.transport;

import io.netsentinel.api.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.CipherSuite;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.TlsVersion;
import org.slf4j.Logger;

/**
 * The agent's HTTPS client: it trusts only the configured CA (never the system store), verifies the host name, speaks
 * TLS 1.3 or TLS 1.2 with ECDHE and AES-GCM or ChaCha20 only, and presents a client certificate when one is
 * configured. With {@code insecure} it verifies nothing, and says so loudly.
 */
final class TlsClients {
  static final ConnectionSpec SPEC =
      new ConnectionSpec.Builder(ConnectionSpec.RESTRICTED_TLS)
          .tlsVersions(TlsVersion.TLS_1_3, TlsVersion.TLS_1_2)
          .cipherSuites(
              CipherSuite.TLS_AES_128_GCM_SHA256,
              CipherSuite.TLS_AES_256_GCM_SHA384,
              CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
              CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
              CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
              CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
              CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
              CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
              CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256)
          .build();

  private TlsClients() {}

  static OkHttpClient create(TransportConfig c, Logger log) {
    OkHttpClient.Builder b = new OkHttpClient.Builder()
        .connectionSpecs(List.of(SPEC))
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .writeTimeout(Duration.ofSeconds(30))
        .callTimeout(Duration.ofSeconds(60))
        .retryOnConnectionFailure(false);
    try {
      X509TrustManager trust;
      if (c.insecure()) {
        log.warn("*** --insecure: the server's certificate is NOT verified. Anyone on the path can read and forge "
            + "alerts. Use ca_cert instead. ***");
        trust = new TrustAll();
        b.hostnameVerifier((host, session) -> true);
      } else {
        trust = trustOnly(c.caCert());
      }
      KeyManager[] keys = c.clientCert() != null ? clientKeys(c.clientCert(), c.clientKey()) : null;
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(keys, new TrustManager[] {trust}, null);
      b.sslSocketFactory(tls.getSocketFactory(), trust);
    } catch (GeneralSecurityException e) {
      throw new SettingsException("TLS set-up failed: " + e.getMessage(), e);
    }
    return b.build();
  }

  /** A trust manager that trusts exactly the CA certificates in {@code pem}. */
  static X509TrustManager trustOnly(Path pem) throws GeneralSecurityException {
    Collection<? extends Certificate> cas = certificates(pem, "ca_cert",
        " (refusing to send alerts to a server that cannot be verified; --insecure skips verification, which is not"
            + " recommended)");
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    int i = 0;
    for (Certificate ca : cas) {
      store.setCertificateEntry("ca-" + i++, ca);
    }
    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(store);
    for (TrustManager m : f.getTrustManagers()) {
      if (m instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }

  private static Collection<? extends Certificate> certificates(Path pem, String key, String hint)
      throws GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new SettingsException(key + ": " + pem + " holds no certificate");
      }
      return certs;
    } catch (NoSuchFileException e) {
      throw new SettingsException(key + ": " + pem + " not found" + hint);
    } catch (IOException e) {
      throw new SettingsException(key + ": cannot read " + pem + ": " + e.getMessage(), e);
    } catch (java.security.cert.CertificateException e) {
      throw new SettingsException(key + ": " + pem + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  private static KeyManager[] clientKeys(Path certPem, Path keyPem) throws GeneralSecurityException {
    if (keyPem == null) {
      throw new SettingsException("client_key: required with client_cert");
    }
    Certificate[] chain = certificates(certPem, "client_cert", "").toArray(new Certificate[0]);
    PrivateKey key = privateKey(keyPem, ((X509Certificate) chain[0]).getPublicKey().getAlgorithm());
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    char[] none = new char[0];
    store.setKeyEntry("client", key, none, chain);
    KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    f.init(store, none);
    return f.getKeyManagers();
  }

  /** A PKCS#8 PEM private key ("BEGIN PRIVATE KEY"). */
  static PrivateKey privateKey(Path pem, String algorithm) throws GeneralSecurityException {
    String text;
    try {
      text = Files.readString(pem, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new SettingsException("client_key: " + pem + " not found");
    } catch (IOException e) {
      throw new SettingsException("client_key: cannot read " + pem + ": " + e.getMessage(), e);
    }
    int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = text.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new SettingsException("client_key: " + pem + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY)");
    }
    byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  /** Trusts everything: only behind --insecure. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
