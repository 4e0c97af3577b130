package io.netsentinel.pki;

import io.netsentinel.api.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the server's PKI files live. The standard layout under a server folder {@code DIR}:
 *
 * <pre>
 * DIR/sentinel_config.json      mode 600   api_key and the certificate paths (relative to DIR)
 * DIR/certs/ca.crt              mode 644   the CA certificate: goes to every agent
 * DIR/certs/ca.key              mode 600   the CA key: never leaves the server
 * DIR/certs/server.crt          mode 644   the server certificate
 * DIR/certs/server.key          mode 600   the server key
 * DIR/certs/agents/NAME.crt     mode 644   agent certificates for mutual TLS
 * DIR/certs/agents/NAME.key     mode 600
 * </pre>
 *
 * @param config the config file
 * @param caCertificate the CA certificate
 * @param caKey the CA private key
 * @param serverCertificate the server certificate
 * @param serverKey the server private key
 * @param agentsDir the folder of agent certificates
 */
public record PkiFiles(
    Path config, Path caCertificate, Path caKey, Path serverCertificate, Path serverKey, Path agentsDir) {
  /** The config's {@code ca_cert} value in the standard layout. */
  public static final String CA_CERT = "certs/ca.crt";
  /** The config's {@code server_cert} value in the standard layout. */
  public static final String SERVER_CERT = "certs/server.crt";
  /** The config's {@code server_key} value in the standard layout. */
  public static final String SERVER_KEY = "certs/server.key";

  private static final Pattern AGENT_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?");

  /** The standard layout under a server folder. */
  public static PkiFiles in(Path dir) {
    Path certs = dir.resolve("certs");
    return new PkiFiles(
        dir.resolve(SentinelConfigFile.FILE_NAME),
        dir.resolve(CA_CERT),
        certs.resolve("ca.key"),
        dir.resolve(SERVER_CERT),
        dir.resolve(SERVER_KEY),
        certs.resolve("agents"));
  }

  /**
   * The files a config names: {@code ca_cert}, {@code server_cert} and {@code server_key} (relative paths resolve
   * against the config's folder; missing keys take the standard defaults). The CA key is {@code ca.key} beside the CA
   * certificate, and agent certificates go to {@code agents/} beside it.
   */
  public static PkiFiles fromConfig(Path configFile) throws IOException {
    Settings settings = Settings.load(configFile);
    Path ca = settings.getPath("ca_cert");
    String caName = ca.getFileName().toString();
    String caKeyName = (caName.contains(".") ? caName.substring(0, caName.lastIndexOf('.')) : caName) + ".key";
    return new PkiFiles(
        configFile,
        ca,
        ca.resolveSibling(caKeyName),
        settings.getPath("server_cert"),
        settings.getPath("server_key"),
        ca.resolveSibling("agents"));
  }

  /** The files that must never leave the server. */
  public List<Path> secrets() {
    return List.of(caKey, serverKey);
  }

  /** The certificate file of an agent. */
  public Path agentCertificate(String name) {
    return agentsDir.resolve(requireAgentName(name) + ".crt");
  }

  /** The key file of an agent. */
  public Path agentKey(String name) {
    return agentsDir.resolve(requireAgentName(name) + ".key");
  }

  /**
   * Checks an agent name: 1 to 64 letters, digits, dots, hyphens or underscores, starting and ending with a letter or
   * digit (so it is a safe file name and a readable certificate subject).
   */
  public static String requireAgentName(String name) {
    if (name == null || !AGENT_NAME.matcher(name).matches() || name.contains("..")) {
      throw new PkiException(
          "invalid agent name '" + name + "': use 1-64 letters, digits, '.', '-' or '_', starting and ending with a"
              + " letter or digit");
    }
    return name;
  }
}
