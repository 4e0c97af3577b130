package io.netsentinel.server;

import io.netsentinel.api.Settings;
import io.netsentinel.api.SettingsException;
import java.nio.file.Path;

/**
 * What the HTTPS server needs from {@code sentinel_config.json} and the command line.
 *
 * @param listenHost the address to bind: {@code 0.0.0.0} unless {@code --listen} says otherwise ({@code server_host}
 *     is the name agents use to reach the server, which may not be an address of this host)
 * @param port {@code --port}, else {@code server_port}
 * @param publicHost {@code server_host}, for the banner
 * @param usersFile {@code users.json} next to the config file
 * @param retentionDays alerts received longer ago are purged hourly ({@code retention_days}, default 30)
 */
record ServerConfig(
    String listenHost,
    int port,
    String publicHost,
    String apiKey,
    Path serverCert,
    Path serverKey,
    Path usersFile,
    int retentionDays,
    Settings settings) {

  ServerConfig {
    if (apiKey == null || apiKey.length() < 16) {
      throw new SettingsException("api_key: missing or shorter than 16 characters; run `netsentinel-server init` or"
          + " `rotate-key`");
    }
    if (retentionDays < 1) {
      throw new SettingsException("retention_days: expected a whole number of days, 1 or more, got " + retentionDays);
    }
    if (port < 0 || port > 65535) {
      throw new SettingsException("--port: expected 0-65535, got " + port);
    }
  }

  static final int DEFAULT_RETENTION_DAYS = 30;

  static ServerConfig from(Settings settings, String listenHost, Integer portOverride) {
    return new ServerConfig(
        listenHost == null ? "0.0.0.0" : listenHost,
        portOverride != null ? portOverride : settings.getInt("server_port"),
        settings.getString("server_host"),
        settings.getString("api_key"),
        settings.getPath("server_cert"),
        settings.getPath("server_key"),
        settings.baseDir().resolve(UsersFile.FILE_NAME),
        settings.getInt("retention_days", DEFAULT_RETENTION_DAYS),
        settings);
  }
}
