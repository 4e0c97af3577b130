package io.netsentinel.agent;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This host's name and OS, as stamped on alerts. */
final class HostIdentity {
  private HostIdentity() {}

  static String hostname() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  static String os() {
    return System.getProperty("os.name") + " " + System.getProperty("os.version");
  }
}
