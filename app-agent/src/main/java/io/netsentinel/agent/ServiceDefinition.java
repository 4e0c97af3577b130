package io.netsentinel.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What an OS service runs: this JVM's java binary, the agent JAR, the config, and the data directory it may write. */
record ServiceDefinition(Path java, Path jar, Path config, Path dataDir) {
  static final String NAME = "netsentinel-agent";

  /**
   * The launchers' memory defaults (docs/agent.md, "Start-up and memory"): the serial collector and a heap that starts
   * at 16 MB and grows to at most 512 MB, rather than G1 sized for the machine.
   */
  static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx512m");

  ServiceDefinition {
    Objects.requireNonNull(java, "java");
    Objects.requireNonNull(jar, "jar");
    Objects.requireNonNull(dataDir, "dataDir");
    java = java.toAbsolutePath().normalize();
    jar = jar.toAbsolutePath().normalize();
    config = config == null ? null : config.toAbsolutePath().normalize();
    dataDir = dataDir.toAbsolutePath().normalize();
  }

  /** The command line the service runs, one element per argument. */
  List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(JVM_OPTIONS);
    command.add("-jar");
    command.add(jar.toString());
    if (config != null) {
      command.add("--config");
      command.add(config.toString());
    }
    return command;
  }
}
