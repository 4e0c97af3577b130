package io.netsentinel.api;

/** A configuration value is missing, malformed or out of range. The message names the key and what is expected. */
public class SettingsException extends RuntimeException {
  public SettingsException(String message) {
    super(message);
  }

  public SettingsException(String message, Throwable cause) {
    super(message, cause);
  }
}
