package io.netsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netsentinel.pki.PasswordHash;
import io.netsentinel.pki.Pem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's command line, run in-process: exit codes, files written, one-line errors. */
class ServerCommandTest {
  static final Pattern GENERATED_PASSWORD = Pattern.compile("Dashboard login: admin / (\\S+)");

  @TempDir Path tmp;

  record Result(int code, String out, String err) {
    List<String> errLines() {
      return err.strip().isEmpty() ? List.of() : List.of(err.strip().split("\n"));
    }
  }

  static Result server(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = ServerMain.run(o, e, args);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  static JsonNode json(Path file) throws Exception {
    return new ObjectMapper().readTree(file.toFile());
  }

  static JsonNode jsonText(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }

  static void validate(X509Certificate leaf, X509Certificate ca) throws Exception {
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
  }

  static void assertOneLineError(Result r, String... fragments) {
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.errLines()).as(r.err()).hasSize(1);
    assertThat(r.err()).contains(fragments).doesNotContain("Exception").doesNotContain("\tat ");
  }

  Path dir() {
    return tmp.resolve("server");
  }

  Result init(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("init", "--dir", dir().toString()));
    args.addAll(List.of(extra));
    return server(args.toArray(new String[0]));
  }

  @Test
  void helpListsTheCommandsAndExitsZero() {
    Result r = server("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("Usage: netsentinel-server")
        .contains("init")
        .contains("rotate-key")
        .contains("issue-agent-cert")
        .contains("renew-server-cert")
        .contains("Exit codes");
  }

  @Test
  void everyCommandAnswersHelpAndVersion() {
    for (String command : List.of("init", "rotate-key", "issue-agent-cert", "renew-server-cert", "user")) {
      Result help = server(command, "--help");
      assertThat(help.code()).as(command).isZero();
      assertThat(help.out()).as(command).contains("Usage: netsentinel-server " + command);
      Result version = server(command, "--version");
      assertThat(version.code()).as(command).isZero();
      assertThat(version.out()).as(command).startsWith("netsentinel-server ");
    }
    assertThat(server("init", "--help").out())
        .contains("--dir=DIR").contains("--san=NAME|IP").contains("--admin-password-file=FILE").contains("--force");
    assertThat(server("--version").out()).startsWith("netsentinel-server ");
  }

  @Test
  void runningTheServerWithoutAConfigOrWithABadPortIsAOneLineError() throws Exception {
    assertOneLineError(server("--config", tmp.resolve("missing.json").toString()), "missing.json",
        "config file not found");
    assertOneLineError(server(), "no sentinel_config.json in the current folder", "--config", "init --dir");
    assertThat(init().code()).isZero();
    assertOneLineError(server("--config", dir().resolve("sentinel_config.json").toString(), "--port", "70000"),
        "--port: expected 0-65535");
  }

  @Test
  void userAddAndDeleteManageUsersJsonWithMode600() throws Exception {
    assertThat(init("--admin-password-file", writePassword("admin.txt", "first-admin-pass")).code()).isZero();
    Result add = server("user", "add", "alice", "--password-file", writePassword("alice.txt", "alice-secret-1"),
        "--dir", dir().toString());
    assertThat(add.code()).as(add.err()).isZero();
    assertThat(add.out()).contains("Saved account 'alice'").doesNotContain("alice-secret-1");
    Path users = dir().resolve("users.json");
    assertThat(mode(users)).isEqualTo("rw-------");
    assertThat(Files.readString(users)).doesNotContain("alice-secret-1");
    assertThat(PasswordHash.verify("alice-secret-1".toCharArray(), UsersFile.load(users).get("alice"))).isTrue();
    assertThat(PasswordHash.verify("first-admin-pass".toCharArray(), UsersFile.load(users).get("admin"))).isTrue();
    assertThat(new Users(users).verify("alice", "alice-secret-1".toCharArray())).isTrue();

    Result delete = server("user", "delete", "alice", "--dir", dir().toString());
    assertThat(delete.code()).as(delete.err()).isZero();
    assertThat(UsersFile.load(users)).containsOnlyKeys("admin");
    assertThat(mode(users)).isEqualTo("rw-------");
    assertThat(new Users(users).verify("alice", "alice-secret-1".toCharArray())).isFalse();

    assertOneLineError(server("user", "delete", "alice", "--dir", dir().toString()), "no account 'alice'");
    assertOneLineError(server("user", "add", "bad name", "--password-file", writePassword("b.txt", "long-enough-1"),
        "--dir", dir().toString()), "invalid user name");
    assertOneLineError(server("user", "add", "bob", "--password-file", writePassword("c.txt", "short"), "--dir",
        dir().toString()), "at least 8");
  }

  private String writePassword(String name, String password) throws Exception {
    Path file = tmp.resolve(name);
    Files.writeString(file, password + "\n");
    return file.toString();
  }

  @Test
  void initWritesEveryFileWithMode600SecretsAndPrintsTheGeneratedPasswordOnce() throws Exception {
    Result r = init("--san", "sensor.example");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    for (String secret : List.of("certs/ca.key", "certs/server.key", "sentinel_config.json", "users.json")) {
      assertThat(mode(dir().resolve(secret))).as(secret).isEqualTo("rw-------");
    }
    validate(Pem.readCertificate(dir().resolve("certs/server.crt")), Pem.readCertificate(dir().resolve("certs/ca.crt")));
    JsonNode config = json(dir().resolve("sentinel_config.json"));
    assertThat(config.get("server_port").asInt()).isEqualTo(8443);
    assertThat(config.get("api_key").asText()).matches("[A-Za-z0-9_-]{43}");
    assertThat(r.out()).doesNotContain(config.get("api_key").asText());

    Matcher m = GENERATED_PASSWORD.matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    String password = m.group(1);
    assertThat(password).hasSize(24);
    String users = Files.readString(dir().resolve("users.json"));
    assertThat(users).doesNotContain(password);
    String hash = UsersFile.load(dir().resolve("users.json")).get("admin");
    assertThat(hash).startsWith("pbkdf2-sha256$");
    assertThat(Integer.parseInt(hash.split("\\$")[1])).isGreaterThanOrEqualTo(210_000);
    assertThat(PasswordHash.verify(password.toCharArray(), hash)).isTrue();
    assertThat(PasswordHash.verify((password + "x").toCharArray(), hash)).isFalse();

    assertThat(r.out()).contains("Copy to each agent: certs/ca.crt and sentinel_config.json")
        .contains("Never copy certs/ca.key");
  }

  @Test
  void initWithAPasswordFileStoresOnlyThatPasswordsHashAndPrintsNoPassword() throws Exception {
    Path file = tmp.resolve("admin.txt");
    Files.writeString(file, "s3cret-enough-pass\n");
    Result r = init("--admin-password-file", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).doesNotContain("s3cret-enough-pass").doesNotContain("Dashboard login: admin /");
    String hash = UsersFile.load(dir().resolve("users.json")).get("admin");
    assertThat(PasswordHash.verify("s3cret-enough-pass".toCharArray(), hash)).isTrue();
    assertThat(PasswordHash.verify("s3cret-enough-pass\n".toCharArray(), hash)).isFalse();
    assertThat(PasswordHash.verify("another-password".toCharArray(), hash)).isFalse();
  }

  @Test
  void initRefusesToOverwriteWithoutForceAndNamesTheFile() throws Exception {
    assertThat(init().code()).isZero();
    byte[] ca = Files.readAllBytes(dir().resolve("certs/ca.crt"));
    byte[] users = Files.readAllBytes(dir().resolve("users.json"));
    Result again = init();
    assertOneLineError(again, "ca.crt", "already exists", "--force");
    assertThat(again.err()).startsWith("netsentinel-server init: error: ");
    assertThat(Files.readAllBytes(dir().resolve("certs/ca.crt"))).isEqualTo(ca);
    assertThat(Files.readAllBytes(dir().resolve("users.json"))).isEqualTo(users);
  }

  @Test
  void initRefusesWhenOnlyUsersJsonExists() throws Exception {
    Files.createDirectories(dir());
    Files.writeString(dir().resolve("users.json"), "{\"users\":[]}");
    assertOneLineError(init(), "users.json", "--force");
    assertThat(dir().resolve("certs")).doesNotExist();
  }

  @Test
  void initWithForceReplacesTheCaTheKeyAndTheAdminPassword() throws Exception {
    Result first = init();
    String firstKey = json(dir().resolve("sentinel_config.json")).get("api_key").asText();
    byte[] firstCa = Files.readAllBytes(dir().resolve("certs/ca.crt"));
    String firstHash = UsersFile.load(dir().resolve("users.json")).get("admin");
    Result second = init("--force");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(json(dir().resolve("sentinel_config.json")).get("api_key").asText()).isNotEqualTo(firstKey);
    assertThat(Files.readAllBytes(dir().resolve("certs/ca.crt"))).isNotEqualTo(firstCa);
    String secondHash = UsersFile.load(dir().resolve("users.json")).get("admin");
    assertThat(secondHash).isNotEqualTo(firstHash);
    Matcher m = GENERATED_PASSWORD.matcher(first.out());
    assertThat(m.find()).isTrue();
    assertThat(PasswordHash.verify(m.group(1).toCharArray(), secondHash)).isFalse();
    assertThat(mode(dir().resolve("users.json"))).isEqualTo("rw-------");
  }

  @Test
  void initIntoAFileIsOneLineAndExitCodeOne() throws Exception {
    Path file = tmp.resolve("a-file");
    Files.writeString(file, "x");
    Result r = server("init", "--dir", file.toString());
    assertOneLineError(r, "a-file: not a directory");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aBadPasswordFileOrNameStopsInitBeforeAnyFileIsWritten() throws Exception {
    Path shortPassword = tmp.resolve("short.txt");
    Files.writeString(shortPassword, "abc\n");
    Path twoLines = tmp.resolve("two.txt");
    Files.writeString(twoLines, "first-line-pass\nsecond\n");
    assertOneLineError(init("--admin-password-file", shortPassword.toString()), "short.txt", "at least 8");
    assertOneLineError(init("--admin-password-file", twoLines.toString()), "two.txt", "one line");
    assertOneLineError(init("--admin-password-file", tmp.resolve("none.txt").toString()), "none.txt", "not found");
    assertOneLineError(init("--san", "bad name!"), "'bad name!'");
    assertThat(dir().resolve("certs")).doesNotExist();
    assertThat(dir().resolve("sentinel_config.json")).doesNotExist();
    assertThat(dir().resolve("users.json")).doesNotExist();
  }

  @Test
  void aBadKeyTypeOrAMissingDirIsAUsageError() {
    Result badType = init("--key-type", "dsa");
    assertThat(badType.code()).isEqualTo(2);
    assertThat(badType.err()).contains("'dsa'").contains("Try 'netsentinel-server init --help'");
    Result noDir = server("init");
    assertThat(noDir.code()).isEqualTo(2);
    assertThat(noDir.err()).contains("--dir");
  }

  @Test
  void aMistypedOptionSuggestsTheRightOne() {
    Result r = server("init", "--dri", tmp.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Did you mean --dir instead of --dri?");
  }

  @Test
  void initWithRsaMakesRsaKeys() throws Exception {
    Result r = init("--key-type", "rsa");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Pem.readCertificate(dir().resolve("certs/ca.crt")).getPublicKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(Pem.readPrivateKey(dir().resolve("certs/server.key")).getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void rotateKeyChangesOnlyTheApiKeyByDirOrByConfig() throws Exception {
    assertThat(init().code()).isZero();
    Path config = dir().resolve("sentinel_config.json");
    ObjectNode before = (ObjectNode) json(config);

    Result byDir = server("rotate-key", "--dir", dir().toString());
    assertThat(byDir.code()).as(byDir.err()).isZero();
    ObjectNode afterDir = (ObjectNode) json(config);
    assertThat(afterDir.get("api_key").asText()).isNotEqualTo(before.get("api_key").asText()).hasSize(43);
    assertThat(byDir.out()).contains("Replaced api_key").doesNotContain(afterDir.get("api_key").asText());

    Result byConfig = server("rotate-key", "--config", config.toString());
    assertThat(byConfig.code()).as(byConfig.err()).isZero();
    ObjectNode afterConfig = (ObjectNode) json(config);
    assertThat(afterConfig.get("api_key").asText()).isNotEqualTo(afterDir.get("api_key").asText());

    afterConfig.put("api_key", before.get("api_key").asText());
    assertThat(afterConfig).isEqualTo(before);
    assertThat(mode(config)).isEqualTo("rw-------");
  }

  @Test
  void rotateKeyNeedsExactlyOneOfDirAndConfigAndAnExistingConfig() throws Exception {
    assertThat(server("rotate-key").code()).isEqualTo(2);
    assertThat(server("rotate-key", "--dir", tmp.toString(), "--config", "x.json").code()).isEqualTo(2);
    assertOneLineError(server("rotate-key", "--dir", tmp.toString()), "sentinel_config.json", "not found");
    assertOneLineError(server("rotate-key", "--dir", tmp.resolve("nowhere").toString()), "nowhere", "init");
  }

  @Test
  void issueAgentCertWritesAClientCertificateThatValidatesAgainstTheCa() throws Exception {
    assertThat(init().code()).isZero();
    Result r = server("issue-agent-cert", "branch-7", "--dir", dir().toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("certs/agents/branch-7.crt").contains("certs/agents/branch-7.key");
    X509Certificate agent = Pem.readCertificate(dir().resolve("certs/agents/branch-7.crt"));
    assertThat(agent.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(agent.getSubjectX500Principal().getName()).contains("CN=branch-7");
    validate(agent, Pem.readCertificate(dir().resolve("certs/ca.crt")));
    assertThat(mode(dir().resolve("certs/agents/branch-7.key"))).isEqualTo("rw-------");

    assertOneLineError(server("issue-agent-cert", "branch-7", "--dir", dir().toString()), "branch-7.crt", "--force");
    assertThat(server("issue-agent-cert", "branch-7", "--dir", dir().toString(), "--force").code()).isZero();
  }

  @Test
  void issueAgentCertRefusesABadNameAndAFolderWithoutACa() throws Exception {
    assertOneLineError(server("issue-agent-cert", "../evil", "--dir", tmp.toString()), "invalid agent name");
    assertOneLineError(server("issue-agent-cert", "a1", "--dir", tmp.toString()), "ca.crt", "init");
    assertThat(tmp.resolve("certs")).doesNotExist();
  }

  @Test
  void renewServerCertKeepsTheCaAndAddsTheNewName() throws Exception {
    assertThat(init().code()).isZero();
    byte[] ca = Files.readAllBytes(dir().resolve("certs/ca.crt"));
    X509Certificate old = Pem.readCertificate(dir().resolve("certs/server.crt"));
    Result r = server("renew-server-cert", "--dir", dir().toString(), "--san", "new.example");
    assertThat(r.code()).as(r.err()).isZero();
    X509Certificate renewed = Pem.readCertificate(dir().resolve("certs/server.crt"));
    assertThat(renewed).isNotEqualTo(old);
    assertThat(Files.readAllBytes(dir().resolve("certs/ca.crt"))).isEqualTo(ca);
    validate(renewed, Pem.readCertificate(dir().resolve("certs/ca.crt")));
    assertThat(r.out()).contains("new.example");
  }

  @Test
  void debugAddsTheStackTraceToTheError() throws Exception {
    Path file = tmp.resolve("a-file");
    Files.writeString(file, "x");
    Result r = server("init", "--dir", file.toString(), "--debug");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("not a directory").contains("\tat ");
  }
}
