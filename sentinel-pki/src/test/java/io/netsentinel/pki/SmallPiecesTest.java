package io.netsentinel.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API key, password hashes, name rules and the TLS policy. */
class SmallPiecesTest {
  @Test
  void anApiKeyIs32RandomBytesInBase64UrlWithoutPadding() {
    String a = ApiKeys.generate();
    String b = ApiKeys.generate();
    assertThat(a).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(b);
    assertThat(Base64.getUrlDecoder().decode(a)).hasSize(32);
  }

  @Test
  void aPasswordHashVerifiesItsPasswordAndNoOther() {
    String hash = PasswordHash.hash("correct horse battery".toCharArray(), 210_000, new SecureRandom());
    assertThat(hash).matches("pbkdf2-sha256\\$210000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(PasswordHash.verify("correct horse battery".toCharArray(), hash)).isTrue();
    assertThat(PasswordHash.verify("correct horse batterz".toCharArray(), hash)).isFalse();
    assertThat(PasswordHash.verify(new char[0], hash)).isFalse();
  }

  @Test
  void theDefaultPasswordHashUsesAtLeast210000IterationsAndAFreshSalt() {
    String a = PasswordHash.hash("pw-pw-pw-pw".toCharArray());
    String b = PasswordHash.hash("pw-pw-pw-pw".toCharArray());
    assertThat(Integer.parseInt(a.split("\\$")[1])).isGreaterThanOrEqualTo(210_000);
    assertThat(a.split("\\$")[2]).isNotEqualTo(b.split("\\$")[2]);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void aDamagedOrWeakenedPasswordHashIsAnErrorNotAWrongPassword() {
    String good = PasswordHash.hash("pw".toCharArray(), 210_000, new SecureRandom());
    String weakened = good.replace("$210000$", "$1000$");
    assertThatThrownBy(() -> PasswordHash.verify("pw".toCharArray(), weakened))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("iterations");
    assertThatThrownBy(() -> PasswordHash.verify("pw".toCharArray(), "md5$abc"))
        .isInstanceOf(PkiException.class);
    assertThatThrownBy(() -> PasswordHash.hash("pw".toCharArray(), 1000, new SecureRandom()))
        .isInstanceOf(PkiException.class);
  }

  @Test
  void namesAreNormalizedAndIpLiteralsAreToldApartFromDnsNames() {
    assertThat(SubjectAltNames.normalize("Sensor.Example.")).isEqualTo("sensor.example");
    assertThat(SubjectAltNames.normalize("[FD00:0:0::5]")).isEqualTo("fd00::5");
    assertThat(SubjectAltNames.normalize("0:0:0:0:0:0:0:1")).isEqualTo("::1");
    assertThat(SubjectAltNames.normalize("fe80::1%eth0")).isEqualTo("fe80::1");
    assertThat(SubjectAltNames.normalize("2001:db8:0:1:0:0:0:1")).isEqualTo("2001:db8:0:1::1");
    assertThat(SubjectAltNames.normalize("10.0.0.1")).isEqualTo("10.0.0.1");
    assertThat(SubjectAltNames.isIpLiteral("10.0.0.1")).isTrue();
    assertThat(SubjectAltNames.isIpLiteral("10.0.0")).isFalse();
    assertThat(SubjectAltNames.isDnsName("xn--bcher-kva.example")).isTrue();
    for (String bad : List.of("10.0.0", "-lead.example", "under_score.example", "a..b", "", "host name", "256.1.1.1")) {
      assertThatThrownBy(() -> SubjectAltNames.normalize(bad)).as(bad).isInstanceOf(PkiException.class);
    }
  }

  @Test
  void mergingDropsRepeatsOfTheSameAddressWrittenDifferently() {
    assertThat(SubjectAltNames.merge(List.of("localhost", "::1", "LOCALHOST", "0:0::1", "[::1]")))
        .containsExactly("localhost", "::1");
  }

  @Test
  void theLocalDefaultsStartWithLocalhostAndTheLoopbackAddresses() {
    List<String> names = SubjectAltNames.localDefaults();
    assertThat(names.get(0)).isEqualTo("localhost");
    assertThat(names).contains("127.0.0.1", "::1").doesNotHaveDuplicates();
  }

  @Test
  void theTlsPolicyAllowsOnlyTls12And13WithAeadSuites() throws Exception {
    assertThat(TlsPolicy.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(TlsPolicy.cipherSuites())
        .allMatch(s -> s.contains("_GCM_") || s.contains("CHACHA20"))
        .allMatch(s -> s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20") || s.startsWith("TLS_ECDHE_"));
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, null, null);
    javax.net.ssl.SSLParameters applied =
        TlsPolicy.apply(context.getDefaultSSLParameters(), context.getSupportedSSLParameters());
    assertThat(applied.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(applied.getCipherSuites()).isNotEmpty().allMatch(TlsPolicy.cipherSuites()::contains);
  }

  @Test
  void keyTypesParseFromTheirShortNames() {
    assertThat(KeyType.parse("EC")).isEqualTo(KeyType.EC_P256);
    assertThat(KeyType.parse("rsa")).isEqualTo(KeyType.RSA_3072);
    assertThatThrownBy(() -> KeyType.parse("dsa")).isInstanceOf(PkiException.class).hasMessageContaining("'dsa'");
  }
}
