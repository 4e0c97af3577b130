package io.netsentinel.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;

/** The certificates, checked with the JDK only: parsed from PEM by CertificateFactory, validated by PKIX. */
class CertificateAuthorityTest {
  static final String BASIC_CONSTRAINTS = "2.5.29.19";
  static final String KEY_USAGE = "2.5.29.15";
  static final String SUBJECT_KEY_ID = "2.5.29.14";
  static final String AUTHORITY_KEY_ID = "2.5.29.35";
  static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  /** Round trip through PEM text and the JDK's own parser, so nothing Bouncy Castle built is inspected directly. */
  static X509Certificate viaJdk(X509Certificate certificate) throws Exception {
    byte[] pem = Pem.encode(certificate).getBytes(StandardCharsets.US_ASCII);
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
  }

  static void validate(X509Certificate leaf, X509Certificate ca) throws Exception {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(leaf)), parameters);
  }

  static List<String> sans(X509Certificate certificate, int type) throws Exception {
    List<String> values = new ArrayList<>();
    Collection<List<?>> all = certificate.getSubjectAlternativeNames();
    for (List<?> entry : all == null ? List.<List<?>>of() : all) {
      if ((Integer) entry.get(0) == type) {
        values.add((String) entry.get(1));
      }
    }
    return values;
  }

  static byte[] keyId(byte[] extensionValue) {
    return ASN1OctetString.getInstance(extensionValue).getOctets();
  }

  @Test
  void aNewCaIsAnEcP256PathLengthZeroCaForTenYears() throws Exception {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    CertificateAuthority ca =
        CertificateAuthority.create(
            "Test CA", KeyType.EC_P256, CertificateAuthority.CA_VALIDITY, Clock.fixed(now, ZoneOffset.UTC),
            new SecureRandom());
    X509Certificate cert = viaJdk(ca.certificate());

    assertThat(cert.getBasicConstraints()).isZero();
    assertThat(cert.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS, KEY_USAGE);
    boolean[] usage = cert.getKeyUsage();
    assertThat(usage[5]).as("keyCertSign").isTrue();
    assertThat(usage[6]).as("cRLSign").isTrue();
    assertThat(usage[0]).as("digitalSignature").isFalse();
    assertThat(cert.getExtensionValue(SUBJECT_KEY_ID)).isNotNull();
    assertThat(cert.getPublicKey()).isInstanceOf(ECPublicKey.class);
    assertThat(((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    assertThat(cert.getSigAlgName()).isEqualToIgnoringCase("SHA256withECDSA");
    assertThat(Duration.between(now, cert.getNotAfter().toInstant()).toDays()).isBetween(3650L, 3653L);
    assertThat(cert.getNotBefore().toInstant()).isBefore(now);
    assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
    cert.verify(cert.getPublicKey());
  }

  @Test
  void anRsaCaHasA3072BitKey() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("RSA CA", KeyType.RSA_3072);
    X509Certificate cert = viaJdk(ca.certificate());
    assertThat(((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
    assertThat(cert.getBasicConstraints()).isZero();
    assertThat(cert.getSigAlgName()).isEqualToIgnoringCase("SHA256withRSA");
  }

  @Test
  void aServerCertificateValidatesAgainstItsCaWithPkix() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("Test CA", KeyType.EC_P256);
    CertifiedKey server = ca.issueServerCertificate("server", List.of("localhost", "127.0.0.1"));
    validate(viaJdk(server.certificate()), viaJdk(ca.certificate()));
  }

  @Test
  void aServerCertificateFromAnotherCaDoesNotValidate() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("Test CA", KeyType.EC_P256);
    CertificateAuthority other = CertificateAuthority.create("Test CA", KeyType.EC_P256);
    CertifiedKey server = other.issueServerCertificate("server", List.of("localhost"));
    assertThatThrownBy(() -> validate(viaJdk(server.certificate()), viaJdk(ca.certificate())))
        .isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void aServerCertificateIsForServerAuthWithTheGivenNamesAndAddresses() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("Test CA", KeyType.EC_P256);
    CertifiedKey server =
        ca.issueServerCertificate(
            "sensor-hub", List.of("localhost", "Sensor-Hub.Example.", "127.0.0.1", "::1", "[fd00::5]", "10.1.2.3"));
    X509Certificate cert = viaJdk(server.certificate());

    assertThat(cert.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    boolean[] usage = cert.getKeyUsage();
    assertThat(usage[0]).as("digitalSignature").isTrue();
    assertThat(usage[2]).as("keyEncipherment (RSA only)").isFalse();
    assertThat(usage[5]).as("keyCertSign").isFalse();
    assertThat(sans(cert, 2)).containsExactly("localhost", "sensor-hub.example");
    assertThat(sans(cert, 7)).containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1", "fd00:0:0:0:0:0:0:5", "10.1.2.3");
    assertThat(cert.getSubjectX500Principal().getName()).contains("CN=sensor-hub");
    assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
  }

  @Test
  void theAuthorityKeyIdOfAnIssuedCertificateIsTheSubjectKeyIdOfTheCa() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("Test CA", KeyType.EC_P256);
    X509Certificate cert = viaJdk(ca.issueServerCertificate("s", List.of("localhost")).certificate());
    byte[] caSki = SubjectKeyIdentifier.getInstance(keyId(ca.certificate().getExtensionValue(SUBJECT_KEY_ID)))
        .getKeyIdentifier();
    byte[] aki = AuthorityKeyIdentifier.getInstance(keyId(cert.getExtensionValue(AUTHORITY_KEY_ID)))
        .getKeyIdentifierObject().getOctets();
    assertThat(aki).isEqualTo(caSki);
    assertThat(cert.getExtensionValue(SUBJECT_KEY_ID)).isNotNull();
  }

  @Test
  void anRsaServerCertificateAlsoAllowsKeyEncipherment() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("RSA CA", KeyType.RSA_3072);
    X509Certificate cert = viaJdk(ca.issueServerCertificate("s", List.of("localhost")).certificate());
    assertThat(cert.getKeyUsage()[0]).isTrue();
    assertThat(cert.getKeyUsage()[2]).isTrue();
    assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("RSA");
    validate(cert, viaJdk(ca.certificate()));
  }

  @Test
  void aServerCertificateLasts825DaysByDefaultButNeverOutlivesItsCa() throws Exception {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    CertificateAuthority longCa =
        CertificateAuthority.create("CA", KeyType.EC_P256, CertificateAuthority.CA_VALIDITY, clock, new SecureRandom());
    X509Certificate normal = longCa.issueServerCertificate("s", List.of("localhost")).certificate();
    assertThat(Duration.between(now, normal.getNotAfter().toInstant()).toDays()).isEqualTo(825);

    CertificateAuthority shortCa =
        CertificateAuthority.create("CA", KeyType.EC_P256, Duration.ofDays(30), clock, new SecureRandom());
    X509Certificate clamped = shortCa.issueServerCertificate("s", List.of("localhost")).certificate();
    assertThat(clamped.getNotAfter()).isEqualTo(shortCa.certificate().getNotAfter());
  }

  @Test
  void aCertificateValidForLongerThan825DaysIsRefused() {
    CertificateAuthority ca = CertificateAuthority.create("CA", KeyType.EC_P256);
    assertThatThrownBy(
            () -> ca.issueServerCertificate("s", List.of("localhost"), KeyType.EC_P256, Duration.ofDays(826)))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("825 days");
  }

  @Test
  void aClientCertificateIsForClientAuthOnlyAndValidatesAgainstTheCa() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("Test CA", KeyType.EC_P256);
    X509Certificate cert = viaJdk(ca.issueClientCertificate("branch-office-7").certificate());
    assertThat(cert.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    assertThat(cert.getSubjectX500Principal().getName()).contains("CN=branch-office-7");
    assertThat(cert.getSubjectAlternativeNames()).isNull();
    validate(cert, viaJdk(ca.certificate()));
  }

  @Test
  void anInvalidNameIsRefusedBeforeAnythingIsSigned() {
    CertificateAuthority ca = CertificateAuthority.create("Test CA", KeyType.EC_P256);
    assertThatThrownBy(() -> ca.issueServerCertificate("s", List.of("localhost", "bad host!")))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("'bad host!'");
    assertThatThrownBy(() -> ca.issueServerCertificate("s", List.of()))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("at least one");
  }

  @Test
  void issuedKeysMatchTheirCertificatesAndSerialsDiffer() {
    CertificateAuthority ca = CertificateAuthority.create("Test CA", KeyType.EC_P256);
    CertifiedKey a = ca.issueServerCertificate("s", List.of("localhost"));
    CertifiedKey b = ca.issueServerCertificate("s", List.of("localhost"));
    assertThat(Keys.matches(a.certificate().getPublicKey(), a.privateKey())).isTrue();
    assertThat(Keys.matches(a.certificate().getPublicKey(), b.privateKey())).isFalse();
    assertThat(a.certificate().getSerialNumber()).isNotEqualTo(b.certificate().getSerialNumber()).isPositive();
    assertThatThrownBy(() -> new CertifiedKey(a.certificate(), b.privateKey()))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("does not belong");
  }
}
