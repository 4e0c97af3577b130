package io.netsentinel.pki;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ServerPki#init} creates.
 *
 * @param extraSubjectAltNames names added to the server certificate beyond the local defaults (DNS names or IP
 *     literals, never resolved)
 * @param keyType the key type of the CA and the server certificate
 * @param serverHost the {@code server_host} written to the config (what agents connect to), or null for the first
 *     extra name, else this host's name; it is always added to the certificate's names
 * @param serverPort the {@code server_port} written to the config
 * @param force replace existing files instead of refusing
 */
public record InitOptions(
    List<String> extraSubjectAltNames, KeyType keyType, String serverHost, int serverPort, boolean force) {
  /** The port in a new config. */
  public static final int DEFAULT_PORT = 8443;

  public InitOptions {
    extraSubjectAltNames = List.copyOf(extraSubjectAltNames);
    Objects.requireNonNull(keyType, "keyType");
    if (serverPort < 1 || serverPort > 65535) {
      throw new PkiException("server port must be 1-65535, got " + serverPort);
    }
  }

  /** No extra names, EC P-256, host from the machine, port 8443, no overwriting. */
  public static InitOptions defaults() {
    return new InitOptions(List.of(), KeyType.EC_P256, null, DEFAULT_PORT, false);
  }

  public InitOptions withExtraSubjectAltNames(List<String> names) {
    return new InitOptions(names, keyType, serverHost, serverPort, force);
  }

  public InitOptions withKeyType(KeyType type) {
    return new InitOptions(extraSubjectAltNames, type, serverHost, serverPort, force);
  }

  public InitOptions withServerHost(String host) {
    return new InitOptions(extraSubjectAltNames, keyType, host, serverPort, force);
  }

  public InitOptions withServerPort(int port) {
    return new InitOptions(extraSubjectAltNames, keyType, serverHost, port, force);
  }

  public InitOptions withForce(boolean replace) {
    return new InitOptions(extraSubjectAltNames, keyType, serverHost, serverPort, replace);
  }
}
