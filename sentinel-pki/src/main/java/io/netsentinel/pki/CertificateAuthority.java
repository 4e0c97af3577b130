package io.netsentinel.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private certificate authority: creates itself (self-signed, {@code CA:TRUE} with path length 0, so it can sign
 * only end-entity certificates) and issues server and agent certificates.
 *
 * <p>Bouncy Castle builds the ASN.1; the JDK signs (no provider is registered), so this works inside a shaded JAR.
 * Every certificate starts one hour in the past, to tolerate clocks that lag behind, and never outlives its CA.
 */
public final class CertificateAuthority {
  /** How long a new CA is valid: ten years. */
  public static final Duration CA_VALIDITY = Duration.ofDays(3652);
  /** The default (and longest) life of a server or agent certificate: 825 days, as browsers and Apple allow. */
  public static final Duration LEAF_VALIDITY = Duration.ofDays(825);

  private static final Duration BACKDATE = Duration.ofHours(1);

  private final CertifiedKey key;
  private final Clock clock;
  private final SecureRandom random;

  private CertificateAuthority(CertifiedKey key, Clock clock, SecureRandom random) {
    this.key = key;
    this.clock = clock;
    this.random = random;
  }

  /** A new CA with the given common name, ten years from now, with the system clock and a fresh SecureRandom. */
  public static CertificateAuthority create(String commonName, KeyType keyType) {
    return create(commonName, keyType, CA_VALIDITY, Clock.systemUTC(), new SecureRandom());
  }

  /** A new CA; {@code clock} and {@code random} also serve every certificate it issues later. */
  public static CertificateAuthority create(
      String commonName, KeyType keyType, Duration validity, Clock clock, SecureRandom random) {
    Objects.requireNonNull(keyType, "keyType");
    requirePositive(validity);
    KeyPair pair = Keys.generate(keyType, random);
    X500Name subject = name(commonName);
    Instant now = clock.instant();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            serial(random),
            Date.from(now.minus(BACKDATE)),
            Date.from(now.plus(validity)),
            subject,
            pair.getPublic());
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot build the CA certificate extensions", e);
    }
    X509Certificate certificate = sign(builder, pair.getPrivate(), keyType);
    return new CertificateAuthority(new CertifiedKey(certificate, pair.getPrivate()), clock, random);
  }

  /** Loads a CA from its PEM certificate and key, with the system clock. */
  public static CertificateAuthority load(Path certificateFile, Path keyFile) throws IOException {
    return load(certificateFile, keyFile, Clock.systemUTC(), new SecureRandom());
  }

  /** Loads a CA from its PEM certificate and key; refuses a certificate that is not a CA. */
  public static CertificateAuthority load(Path certificateFile, Path keyFile, Clock clock, SecureRandom random)
      throws IOException {
    CertifiedKey key = CertifiedKey.read(certificateFile, keyFile);
    if (key.certificate().getBasicConstraints() < 0) {
      throw new PkiException(certificateFile + ": not a CA certificate (no basic constraints CA:TRUE)");
    }
    return new CertificateAuthority(key, clock, random);
  }

  /** The CA certificate: what agents trust. */
  public X509Certificate certificate() {
    return key.certificate();
  }

  /** The CA's private key: it never leaves the server. */
  public PrivateKey privateKey() {
    return key.privateKey();
  }

  /** The CA certificate with its key. */
  public CertifiedKey certifiedKey() {
    return key;
  }

  /** Writes the CA certificate (mode 644) and its key (mode 600). */
  public void write(Path certificateFile, Path keyFile) throws IOException {
    key.write(certificateFile, keyFile);
  }

  /** A server certificate with a new key of the CA's type, valid for {@link #LEAF_VALIDITY}. */
  public CertifiedKey issueServerCertificate(String commonName, List<String> subjectAltNames) {
    return issueServerCertificate(commonName, subjectAltNames, KeyType.of(privateKey()), LEAF_VALIDITY);
  }

  /**
   * A server certificate: EKU serverAuth, key usage digitalSignature (and keyEncipherment for RSA), the given subject
   * alternative names (DNS names or IP literals; see {@link SubjectAltNames}), which must not be empty.
   */
  public CertifiedKey issueServerCertificate(
      String commonName, List<String> subjectAltNames, KeyType keyType, Duration validity) {
    List<String> names = SubjectAltNames.merge(subjectAltNames);
    if (names.isEmpty()) {
      throw new PkiException("a server certificate needs at least one subject alternative name");
    }
    return issue(commonName, names, keyType, validity, KeyPurposeId.id_kp_serverAuth);
  }

  /** An agent (client) certificate with a new key of the CA's type, valid for {@link #LEAF_VALIDITY}. */
  public CertifiedKey issueClientCertificate(String commonName) {
    return issueClientCertificate(commonName, KeyType.of(privateKey()), LEAF_VALIDITY);
  }

  /** An agent (client) certificate for mutual TLS: EKU clientAuth, subject {@code CN=commonName}. */
  public CertifiedKey issueClientCertificate(String commonName, KeyType keyType, Duration validity) {
    return issue(commonName, List.of(), keyType, validity, KeyPurposeId.id_kp_clientAuth);
  }

  private CertifiedKey issue(
      String commonName, List<String> names, KeyType keyType, Duration validity, KeyPurposeId purpose) {
    Objects.requireNonNull(keyType, "keyType");
    requirePositive(validity);
    if (validity.compareTo(LEAF_VALIDITY) > 0) {
      throw new PkiException("a certificate may be valid for " + LEAF_VALIDITY.toDays() + " days at most");
    }
    KeyPair pair = Keys.generate(keyType, random);
    Instant now = clock.instant();
    Instant notAfter = now.plus(validity);
    Instant caNotAfter = certificate().getNotAfter().toInstant();
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter; // a certificate cannot be trusted longer than the CA that vouches for it
    }
    if (!notAfter.isAfter(now)) {
      throw new PkiException(
          "the CA " + certificate().getSubjectX500Principal().getName() + " has expired on " + caNotAfter
              + "; create a new one (init --force)");
    }
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            certificate(), serial(random), Date.from(now.minus(BACKDATE)), Date.from(notAfter), name(commonName),
            pair.getPublic());
    int usage = KeyUsage.digitalSignature | (keyType == KeyType.RSA_3072 ? KeyUsage.keyEncipherment : 0);
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
      builder.addExtension(
          Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate()));
      if (!names.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, SubjectAltNames.toGeneralNames(names));
      }
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot build the certificate extensions", e);
    }
    X509Certificate issued = sign(builder, privateKey(), KeyType.of(privateKey()));
    return new CertifiedKey(issued, pair.getPrivate());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey, KeyType type) {
    try {
      ContentSigner signer = new JcaContentSignerBuilder(type.signatureAlgorithm()).build(signingKey);
      X509CertificateHolder holder = builder.build(signer);
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot sign the certificate", e);
    }
  }

  private static X500Name name(String commonName) {
    if (commonName == null || commonName.isBlank() || commonName.length() > 64) {
      throw new PkiException("a certificate common name must have 1 to 64 characters, got '" + commonName + "'");
    }
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "NetSentinel")
        .addRDN(BCStyle.CN, commonName)
        .build();
  }

  /** A positive random serial of up to 159 bits (RFC 5280 allows 20 octets). */
  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(159, random).setBit(0);
  }

  private static void requirePositive(Duration validity) {
    if (validity == null || validity.isNegative() || validity.isZero()) {
      throw new PkiException("a certificate validity must be positive, got " + validity);
    }
  }

  /** A short random suffix that keeps the names of two CAs apart (helps when a peer holds the wrong ca.crt). */
  static String uniqueSuffix(SecureRandom random) {
    byte[] id = new byte[4];
    random.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }
}
