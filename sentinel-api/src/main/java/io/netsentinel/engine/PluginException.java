package io.netsentinel.engine;

/** A plugin is missing, duplicated or broken. The message names the plugin id and where it came from. */
public class PluginException extends RuntimeException {
  public PluginException(String message) {
    super(message);
  }

  public PluginException(String message, Throwable cause) {
    super(message, cause);
  }
}
