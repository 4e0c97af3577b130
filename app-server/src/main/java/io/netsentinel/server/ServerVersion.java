package io.netsentinel.server;

import picocli.CommandLine.IVersionProvider;

/** The version from the JAR manifest, so {@code --version} matches the build. */
final class ServerVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = ServerVersion.class.getPackage().getImplementationVersion();
    return new String[] {
      "netsentinel-server " + (version == null ? "(development build)" : version),
      "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
          + System.getProperty("os.version")
    };
  }
}
