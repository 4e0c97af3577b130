package io.netsentinel.pki;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLParameters;

/**
 * The TLS versions and cipher suites NetSentinel allows between agents and the server: TLS 1.3, and TLS 1.2 with
 * ECDHE key exchange and an AEAD cipher (AES-GCM or ChaCha20-Poly1305). Nothing with CBC, static RSA key exchange,
 * SHA-1 MACs or anything older.
 */
public final class TlsPolicy {
  private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  private static final List<String> CIPHER_SUITES =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private TlsPolicy() {}

  /** {@code TLSv1.3} and {@code TLSv1.2}, in order of preference. */
  public static List<String> protocols() {
    return PROTOCOLS;
  }

  /** The allowed cipher suites (JSSE/IANA names), TLS 1.3 first, in order of preference. */
  public static List<String> cipherSuites() {
    return CIPHER_SUITES;
  }

  /**
   * Restricts parameters to the allowed protocols and suites, keeping only those the given engine supports (pass
   * {@code SSLContext.getSupportedSSLParameters()}). Returns the same object.
   */
  public static SSLParameters apply(SSLParameters parameters, SSLParameters supported) {
    parameters.setProtocols(intersect(PROTOCOLS, supported.getProtocols()));
    parameters.setCipherSuites(intersect(CIPHER_SUITES, supported.getCipherSuites()));
    parameters.setUseCipherSuitesOrder(true);
    return parameters;
  }

  private static String[] intersect(List<String> wanted, String[] available) {
    List<String> have = Arrays.asList(available);
    List<String> both = new ArrayList<>();
    for (String w : wanted) {
      if (have.contains(w)) {
        both.add(w);
      }
    }
    return both.toArray(new String[0]);
  }
}
