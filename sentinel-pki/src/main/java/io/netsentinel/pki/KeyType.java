package io.netsentinel.pki;

/** The key pair types the PKI creates. */
public enum KeyType {
  /** ECDSA on NIST P-256 (secp256r1): the default, small and fast. */
  EC_P256("EC", "SHA256withECDSA"),
  /** RSA with a 3072-bit modulus, for peers that cannot do ECDSA. */
  RSA_3072("RSA", "SHA256withRSA");

  private final String algorithm;
  private final String signatureAlgorithm;

  KeyType(String algorithm, String signatureAlgorithm) {
    this.algorithm = algorithm;
    this.signatureAlgorithm = signatureAlgorithm;
  }

  /** The JCA key algorithm name: {@code EC} or {@code RSA}. */
  public String algorithm() {
    return algorithm;
  }

  /** The JCA signature algorithm a key of this type signs certificates with. */
  public String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /** The type whose algorithm matches an existing key (any RSA key gives {@link #RSA_3072}). */
  public static KeyType of(java.security.Key key) {
    switch (key.getAlgorithm()) {
      case "EC":
        return EC_P256;
      case "RSA":
        return RSA_3072;
      default:
        throw new PkiException("unsupported key algorithm " + key.getAlgorithm() + " (EC or RSA expected)");
    }
  }

  /** Parses {@code ec}, {@code ec-p256}, {@code rsa} or {@code rsa-3072}, ignoring case. */
  public static KeyType parse(String text) {
    switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "ec":
      case "ec-p256":
      case "ecdsa":
      case "p256":
        return EC_P256;
      case "rsa":
      case "rsa-3072":
      case "rsa3072":
        return RSA_3072;
      default:
        throw new PkiException("unknown key type '" + text + "' (expected ec or rsa)");
    }
  }
}
