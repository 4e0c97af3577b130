package io.netsentinel.pki;

import static io.netsentinel.pki.CertificateAuthorityTest.sans;
import static io.netsentinel.pki.CertificateAuthorityTest.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netsentinel.api.Settings;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code init}, key rotation and agent certificates, on real files. */
class ServerPkiTest {
  @TempDir Path dir;

  static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  static JsonNode json(Path file) throws Exception {
    return new ObjectMapper().readTree(file.toFile());
  }

  InitResult init(String... extraSans) throws Exception {
    return new ServerPki().init(dir, InitOptions.defaults().withExtraSubjectAltNames(List.of(extraSans)));
  }

  @Test
  void initWritesTheCaTheServerCertificateAndTheConfigInTheStandardLayout() throws Exception {
    InitResult result = init();
    assertThat(dir.resolve("certs/ca.crt")).isRegularFile();
    assertThat(dir.resolve("certs/ca.key")).isRegularFile();
    assertThat(dir.resolve("certs/server.crt")).isRegularFile();
    assertThat(dir.resolve("certs/server.key")).isRegularFile();
    assertThat(dir.resolve("sentinel_config.json")).isRegularFile();
    assertThat(result.files()).isEqualTo(PkiFiles.in(dir));

    X509Certificate ca = Pem.readCertificate(dir.resolve("certs/ca.crt"));
    X509Certificate server = Pem.readCertificate(dir.resolve("certs/server.crt"));
    validate(server, ca);
    assertThat(ca.getBasicConstraints()).isZero();
    assertThat(CertifiedKey.read(dir.resolve("certs/ca.crt"), dir.resolve("certs/ca.key")).certificate()).isEqualTo(ca);
    assertThat(CertifiedKey.read(dir.resolve("certs/server.crt"), dir.resolve("certs/server.key")).certificate())
        .isEqualTo(server);
  }

  @Test
  void keysAndTheConfigHaveMode600() throws Exception {
    init();
    assertThat(mode(dir.resolve("certs/ca.key"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("certs/server.key"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("sentinel_config.json"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("certs/ca.crt"))).isEqualTo("rw-r--r--");
  }

  @Test
  void theConfigHoldsAFreshApiKeyPort8443AndPathsRelativeToItsFolder() throws Exception {
    InitResult result = init("sensor.example");
    JsonNode config = json(dir.resolve("sentinel_config.json"));
    assertThat(config.get("server_port").asInt()).isEqualTo(8443);
    assertThat(config.get("api_key").asText()).isEqualTo(result.apiKey()).matches("[A-Za-z0-9_-]{43}");
    assertThat(config.get("server_host").asText()).isEqualTo("sensor.example");
    assertThat(config.get("ca_cert").asText()).isEqualTo("certs/ca.crt");
    assertThat(config.get("server_cert").asText()).isEqualTo("certs/server.crt");
    assertThat(config.get("server_key").asText()).isEqualTo("certs/server.key");
    assertThat(config.get("data_dir").asText()).isEqualTo("data");
    assertThat(config.has("ca_key")).isFalse();

    Settings settings = Settings.load(dir.resolve("sentinel_config.json"));
    assertThat(settings.warnings()).isEmpty();
    assertThat(settings.getPath("ca_cert")).isEqualTo(dir.toAbsolutePath().resolve("certs/ca.crt"));
    assertThat(settings.getInt("server_port")).isEqualTo(8443);
    assertThat(PkiFiles.fromConfig(dir.resolve("sentinel_config.json")).caKey())
        .isEqualTo(dir.toAbsolutePath().resolve("certs/ca.key"));
  }

  @Test
  void twoInitsGiveDifferentKeysAndCas() throws Exception {
    Path other = dir.resolve("other");
    InitResult a = init();
    InitResult b = new ServerPki().init(other, InitOptions.defaults());
    assertThat(a.apiKey()).isNotEqualTo(b.apiKey());
    assertThat(a.caCertificate().getPublicKey()).isNotEqualTo(b.caCertificate().getPublicKey());
    assertThat(a.caCertificate().getSubjectX500Principal()).isNotEqualTo(b.caCertificate().getSubjectX500Principal());
  }

  @Test
  void theServerCertificateNamesLocalhostTheHostLoopbacksEveryInterfaceAddressAndTheExtras() throws Exception {
    InitResult result = init("sensor.example", "203.0.113.9", "fd00::9");
    X509Certificate server = Pem.readCertificate(dir.resolve("certs/server.crt"));
    List<String> dns = sans(server, 2);
    List<String> ips = sans(server, 7);
    assertThat(dns).contains("localhost", "sensor.example");
    if (SubjectAltNames.hostName() != null) {
      assertThat(dns).contains(SubjectAltNames.hostName());
    }
    assertThat(ips).contains("127.0.0.1", "0:0:0:0:0:0:0:1", "203.0.113.9", "fd00:0:0:0:0:0:0:9");
    List<String> local = new ArrayList<>();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : Collections.list(nif.getInetAddresses())) {
        local.add(InetAddress.getByAddress(address.getAddress()).getHostAddress());
      }
    }
    assertThat(local).isNotEmpty();
    assertThat(ips).containsAll(local);
    assertThat(result.subjectAltNames()).contains("localhost", "127.0.0.1", "::1", "sensor.example", "fd00::9");
  }

  @Test
  void initRefusesToOverwriteAndNamesTheFileAndChangesNothing() throws Exception {
    init();
    byte[] caBefore = Files.readAllBytes(dir.resolve("certs/ca.crt"));
    byte[] configBefore = Files.readAllBytes(dir.resolve("sentinel_config.json"));
    assertThatThrownBy(this::init)
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("ca.crt")
        .hasMessageContaining("--force");
    assertThat(Files.readAllBytes(dir.resolve("certs/ca.crt"))).isEqualTo(caBefore);
    assertThat(Files.readAllBytes(dir.resolve("sentinel_config.json"))).isEqualTo(configBefore);
  }

  @Test
  void initRefusesWhenOnlyTheConfigExists() throws Exception {
    Files.writeString(dir.resolve("sentinel_config.json"), "{}");
    assertThatThrownBy(this::init)
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("sentinel_config.json");
    assertThat(dir.resolve("certs/ca.key")).doesNotExist();
  }

  @Test
  void initWithForceReplacesEverythingButKeepsTheOtherConfigKeys() throws Exception {
    InitResult first = init();
    ObjectNode config = (ObjectNode) json(dir.resolve("sentinel_config.json"));
    config.put("port_scan_threshold", 25);
    Files.writeString(dir.resolve("sentinel_config.json"), config.toString());

    InitResult second = new ServerPki().init(dir, InitOptions.defaults().withForce(true));
    assertThat(second.caCertificate()).isNotEqualTo(first.caCertificate());
    assertThat(Pem.readCertificate(dir.resolve("certs/ca.crt"))).isEqualTo(second.caCertificate());
    validate(Pem.readCertificate(dir.resolve("certs/server.crt")), second.caCertificate());
    JsonNode after = json(dir.resolve("sentinel_config.json"));
    assertThat(after.get("api_key").asText()).isEqualTo(second.apiKey()).isNotEqualTo(first.apiKey());
    assertThat(after.get("port_scan_threshold").asInt()).isEqualTo(25);
    assertThat(mode(dir.resolve("sentinel_config.json"))).isEqualTo("rw-------");
  }

  @Test
  void initIntoAFileIsRefusedAsNotADirectory() throws Exception {
    Path file = dir.resolve("plain.txt");
    Files.writeString(file, "x");
    assertThatThrownBy(() -> new ServerPki().init(file, InitOptions.defaults()))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining("plain.txt: not a directory");
  }

  @Test
  void anInvalidExtraNameStopsInitBeforeAnyFileIsWritten() {
    assertThatThrownBy(() -> init("ok.example", "not valid"))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("'not valid'");
    assertThat(dir.resolve("certs")).doesNotExist();
    assertThat(dir.resolve("sentinel_config.json")).doesNotExist();
  }

  @Test
  void rotatingTheKeyChangesOnlyTheApiKey() throws Exception {
    InitResult result = init();
    ObjectNode config = (ObjectNode) json(dir.resolve("sentinel_config.json"));
    config.putObject("detectors").putObject("port-scan").put("enabled", false);
    // Hand-edited text: a decimal with a trailing zero must come back exactly as written.
    Files.writeString(
        dir.resolve("sentinel_config.json"),
        config.toString().replaceFirst("\\{", "{\"alert_cooldown\": 12.50, "));
    ObjectNode before = (ObjectNode) json(dir.resolve("sentinel_config.json"));

    String newKey = new ServerPki().rotateApiKey(dir.resolve("sentinel_config.json"));

    ObjectNode after = (ObjectNode) json(dir.resolve("sentinel_config.json"));
    assertThat(newKey).isNotEqualTo(result.apiKey()).matches("[A-Za-z0-9_-]{43}");
    assertThat(after.get("api_key").asText()).isEqualTo(newKey);
    after.put("api_key", before.get("api_key").asText());
    assertThat(after).isEqualTo(before);
    List<String> keysBefore = new ArrayList<>();
    List<String> keysAfter = new ArrayList<>();
    before.fieldNames().forEachRemaining(keysBefore::add);
    for (Iterator<String> it = after.fieldNames(); it.hasNext(); ) {
      keysAfter.add(it.next());
    }
    assertThat(keysAfter).containsExactlyElementsOf(keysBefore);
    assertThat(Files.readString(dir.resolve("sentinel_config.json"))).contains("\"alert_cooldown\": 12.50,");
    assertThat(mode(dir.resolve("sentinel_config.json"))).isEqualTo("rw-------");
  }

  @Test
  void rotatingAMissingConfigSaysSo() {
    assertThatThrownBy(() -> new ServerPki().rotateApiKey(dir.resolve("sentinel_config.json")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class)
        .hasMessageContaining("sentinel_config.json: config file not found");
  }

  @Test
  void anAgentCertificateIsForClientAuthSignedByTheCaWithItsKeyMode600() throws Exception {
    init();
    PkiFiles files = PkiFiles.in(dir);
    new ServerPki().issueAgentCertificate(files, "branch-7", false);
    Path cert = dir.resolve("certs/agents/branch-7.crt");
    Path key = dir.resolve("certs/agents/branch-7.key");
    X509Certificate agent = Pem.readCertificate(cert);
    assertThat(agent.getExtendedKeyUsage()).containsExactly(CertificateAuthorityTest.CLIENT_AUTH);
    validate(agent, Pem.readCertificate(files.caCertificate()));
    assertThat(CertifiedKey.read(cert, key).certificate()).isEqualTo(agent);
    assertThat(mode(key)).isEqualTo("rw-------");

    assertThatThrownBy(() -> new ServerPki().issueAgentCertificate(files, "branch-7", false))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("branch-7.crt");
    new ServerPki().issueAgentCertificate(files, "branch-7", true);
    assertThat(Pem.readCertificate(cert)).isNotEqualTo(agent);
  }

  @Test
  void anAgentNameThatIsNotASafeFileNameIsRefused() throws Exception {
    init();
    for (String bad : List.of("../evil", "a/b", "", ".hidden", "x..y", "name with space")) {
      assertThatThrownBy(() -> new ServerPki().issueAgentCertificate(PkiFiles.in(dir), bad, false))
          .as(bad)
          .isInstanceOf(PkiException.class)
          .hasMessageContaining("invalid agent name");
    }
    assertThat(dir.resolve("certs/agents")).doesNotExist();
  }

  @Test
  void anAgentCertificateNeedsTheCaKey() throws Exception {
    init();
    Files.delete(dir.resolve("certs/ca.key"));
    assertThatThrownBy(() -> new ServerPki().issueAgentCertificate(PkiFiles.in(dir), "a", false))
        .isInstanceOf(java.nio.file.NoSuchFileException.class)
        .hasMessageContaining("ca.key");
  }

  @Test
  void renewingTheServerCertificateKeepsTheCaAndTheNames() throws Exception {
    InitResult result = init("sensor.example");
    PkiFiles files = PkiFiles.in(dir);
    new ServerPki().renewServerCertificate(files, List.of("new.example"));
    X509Certificate renewed = Pem.readCertificate(files.serverCertificate());
    assertThat(renewed).isNotEqualTo(result.serverCertificate());
    validate(renewed, result.caCertificate());
    assertThat(sans(renewed, 2)).contains("sensor.example", "new.example", "localhost");
    assertThat(renewed.getSubjectX500Principal()).isEqualTo(result.serverCertificate().getSubjectX500Principal());
    assertThat(Pem.readCertificate(files.caCertificate())).isEqualTo(result.caCertificate());
  }
}
