package io.netsentinel.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate and the private key that belongs to it (checked on construction).
 *
 * @param certificate the certificate
 * @param privateKey its private key
 */
public record CertifiedKey(X509Certificate certificate, PrivateKey privateKey) {
  public CertifiedKey {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    if (!Keys.matches(certificate.getPublicKey(), privateKey)) {
      throw new PkiException(
          "the private key does not belong to the certificate " + certificate.getSubjectX500Principal().getName());
    }
  }

  /** Reads a certificate (the first one in the file) and its private key from PEM files. */
  public static CertifiedKey read(Path certificateFile, Path keyFile) throws IOException {
    X509Certificate certificate = Pem.readCertificate(certificateFile);
    PrivateKey key = Pem.readPrivateKey(keyFile);
    try {
      return new CertifiedKey(certificate, key);
    } catch (PkiException e) {
      // The constructor's only PkiException is the key check: say which files, rather than check twice.
      throw new PkiException(keyFile + ": this private key does not belong to the certificate in " + certificateFile);
    }
  }

  /** Writes the certificate (mode 644) and the key as PKCS#8 (mode 600), each atomically. */
  public void write(Path certificateFile, Path keyFile) throws IOException {
    Pem.writePrivateKey(keyFile, privateKey);
    Pem.writeCertificates(certificateFile, certificate);
  }
}
