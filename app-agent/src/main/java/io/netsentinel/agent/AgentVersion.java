package io.netsentinel.agent;

import picocli.CommandLine.IVersionProvider;

/** The version from the JAR manifest, so {@code --version} matches the build. */
final class AgentVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = AgentVersion.class.getPackage().getImplementationVersion();
    return new String[] {
      "netsentinel-agent " + (version == null ? "(development build)" : version),
      "Java " + System.getProperty("java.version") + " on " + HostIdentity.os()
    };
  }
}
