package io.netsentinel.server;

import io.netsentinel.pki.InitOptions;
import io.netsentinel.pki.InitResult;
import io.netsentinel.pki.KeyType;
import io.netsentinel.pki.PasswordHash;
import io.netsentinel.pki.PkiException;
import io.netsentinel.pki.PkiFiles;
import io.netsentinel.pki.ServerPki;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    versionProvider = ServerVersion.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Creates a server folder: CA, server certificate, API key, config, admin account.",
      "",
      "Writes DIR/certs/{ca.crt,ca.key,server.crt,server.key}, DIR/sentinel_config.json",
      "and DIR/users.json. Keys, the config and users.json get mode 600. The server",
      "certificate names localhost, this host, 127.0.0.1, ::1, every interface address",
      "and each --san. Refuses to replace any of these files without --force."
    })
final class InitCommand implements Callable<Integer> {
  static final String ADMIN = "admin";

  @Spec CommandSpec spec;

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Server folder (created if missing).")
  Path dir;

  @Option(
      names = "--san",
      paramLabel = "NAME|IP",
      description = {
        "Another DNS name or IP address agents use to reach this server (repeatable; never resolved).",
        "localhost, this host's name, 127.0.0.1, ::1 and every interface address are always included."
      })
  List<String> sans = new ArrayList<>();

  @Option(
      names = "--admin-password-file",
      paramLabel = "FILE",
      description = "Read the dashboard admin's password from FILE (one line, 8+ characters); default: generate"
          + " one and print it once.")
  Path adminPasswordFile;

  @Option(names = "--force", description = "Replace existing files (a new CA: every agent needs the new ca.crt).")
  boolean force;

  @Option(
      names = "--host",
      paramLabel = "NAME|IP",
      description = "server_host in the config, what agents connect to (default: the first --san, else this host's"
          + " name).")
  String host;

  @Option(
      names = "--key-type",
      paramLabel = "ec|rsa",
      defaultValue = "ec",
      converter = KeyTypeConverter.class,
      description = "ec (ECDSA P-256, default) or rsa (RSA 3072) for the CA and server keys.")
  KeyType keyType;

  @Override
  public Integer call() throws IOException {
    // Everything that can fail on input is checked before the first file is written.
    Dirs.requireDirectoryOrAbsent(dir);
    PkiFiles files = PkiFiles.in(dir);
    Path users = dir.resolve(UsersFile.FILE_NAME);
    if (!force) {
      ServerPki.requireAbsent(
          files.caCertificate(), files.caKey(), files.serverCertificate(), files.serverKey(), files.config(), users);
    }
    SecureRandom random = new SecureRandom();
    boolean generated = adminPasswordFile == null;
    char[] password = generated ? AdminPassword.generate(random) : AdminPassword.read(adminPasswordFile);
    String hash;
    try {
      hash = PasswordHash.hash(password);
    } finally {
      if (!generated) {
        Arrays.fill(password, '\0');
      }
    }
    InitOptions options =
        InitOptions.defaults()
            .withExtraSubjectAltNames(sans)
            .withKeyType(keyType)
            .withServerHost(host)
            .withForce(force);
    InitResult result = new ServerPki(java.time.Clock.systemUTC(), random).init(dir, options);
    UsersFile.put(users, ADMIN, hash);
    print(result, users, generated ? new String(password) : null);
    return 0;
  }

  private void print(InitResult result, Path users, String generatedPassword) {
    PrintWriter out = spec.commandLine().getOut();
    PkiFiles f = result.files();
    out.println("Wrote the NetSentinel server files in " + dir.toAbsolutePath().normalize() + ":");
    row(out, f.caCertificate(), "CA certificate, " + describe(keyType) + ", valid until " + until(result.caCertificate()));
    row(out, f.caKey(), "CA private key, mode 600: never copy it off this server");
    row(out, f.serverCertificate(), "server certificate, valid until " + until(result.serverCertificate()));
    row(out, f.serverKey(), "server private key, mode 600");
    row(out, f.config(), "server_host " + result.serverHost() + ", server_port " + InitOptions.DEFAULT_PORT
        + ", a fresh api_key; mode 600");
    row(out, users, "dashboard account '" + ADMIN + "' (PBKDF2 hash only), mode 600");
    out.println("Server certificate names: " + String.join(", ", result.subjectAltNames()));
    out.println();
    if (generatedPassword != null) {
      out.println("Dashboard login: " + ADMIN + " / " + generatedPassword);
      out.println("  This password is shown once and stored nowhere; note it now.");
    } else {
      out.println("Dashboard login: " + ADMIN + ", with the password from " + adminPasswordFile + ".");
    }
    out.println();
    out.println("Copy to each agent: " + Dirs.shown(dir, f.caCertificate()) + " and "
        + Dirs.shown(dir, f.config()) + " (it carries the api_key: keep it mode 600 there too).");
    out.println("Never copy " + Dirs.shown(dir, f.caKey()) + ", " + Dirs.shown(dir, f.serverKey()) + " or "
        + UsersFile.FILE_NAME + " off this server.");
    out.println("Agents connect to server_host '" + result.serverHost()
        + "': it must be one of the certificate names above (use --san/--host, or edit the agents' copy).");
    out.flush();
  }

  private void row(PrintWriter out, Path file, String what) {
    out.printf("  %-22s %s%n", Dirs.shown(dir, file), what);
  }

  static String until(X509Certificate certificate) {
    return certificate.getNotAfter().toInstant().atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }

  private static String describe(KeyType type) {
    return type == KeyType.EC_P256 ? "ECDSA P-256" : "RSA 3072";
  }

  /** {@code ec} or {@code rsa}, with the accepted values in the error. */
  static final class KeyTypeConverter implements ITypeConverter<KeyType> {
    @Override
    public KeyType convert(String value) {
      try {
        return KeyType.parse(value);
      } catch (PkiException e) {
        throw new TypeConversionException("'" + value + "' is not a key type (expected ec or rsa)");
      }
    }
  }
}
