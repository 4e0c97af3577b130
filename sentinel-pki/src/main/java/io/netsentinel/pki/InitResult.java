package io.netsentinel.pki;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What {@link ServerPki#init} wrote.
 *
 * @param files the paths written
 * @param apiKey the fresh API key (also in the config)
 * @param serverHost the {@code server_host} in the config
 * @param subjectAltNames the server certificate's names, in canonical form
 * @param caCertificate the new CA certificate
 * @param serverCertificate the new server certificate
 */
public record InitResult(
    PkiFiles files,
    String apiKey,
    String serverHost,
    List<String> subjectAltNames,
    X509Certificate caCertificate,
    X509Certificate serverCertificate) {
  public InitResult {
    subjectAltNames = List.copyOf(subjectAltNames);
  }
}
