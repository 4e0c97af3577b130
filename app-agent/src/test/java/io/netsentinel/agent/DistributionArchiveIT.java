package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archives that {@code mvn package} makes (docs/packaging.md), opened with the system's {@code tar}
 * as a user would: their layout and file modes, and the launcher script run from the unpacked folder.
 */
class DistributionArchiveIT {
  private static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");
  private static final Path AGENT_TGZ =
      Path.of(System.getProperty("agent.dist", "target/netsentinel-agent-" + VERSION + ".tar.gz"));
  private static final Path AGENT_JAR = Path.of(System.getProperty("agent.jar", "target/netsentinel-agent.jar"));
  private static final Path SERVER_TGZ =
      Path.of(System.getProperty("server.dist", "../app-server/target/netsentinel-server-" + VERSION + ".tar.gz"));
  private static final Path REPO = Path.of(System.getProperty("testdata.dir", "../testdata")).getParent();

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  private Run run(List<String> command, Map<String, String> env, Path cwd) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
    builder.environment().putAll(env);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("did not finish in 120 s: " + command);
    }
    return new Run(
        p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  /** {@code tar -tzvf}: each entry's path and its mode string, such as {@code -rwxr-xr-x}. */
  private Map<String, String> listing(Path archive) throws Exception {
    assertThat(archive).isRegularFile();
    Run r = run(List.of("tar", "-tzvf", archive.toAbsolutePath().toString()), Map.of(), dir);
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, String> modes = new TreeMap<>();
    for (String line : r.out().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] cols = line.trim().split("\\s+");
      String path = cols[cols.length - 1];
      modes.put(path.endsWith("/") ? path.substring(0, path.length() - 1) : path, cols[0]);
    }
    return modes;
  }

  private Path unpack(Path archive) throws Exception {
    Run r = run(List.of("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", dir.toString()), Map.of(), dir);
    assertThat(r.code()).as(r.err()).isZero();
    return dir;
  }

  private static List<String> repoDocs() throws IOException {
    try (Stream<Path> files = Files.list(REPO.resolve("docs"))) {
      return files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".md") || n.endsWith(".png"))
          .sorted()
          .toList();
    }
  }

  private static List<String> expectedFiles(String app) throws IOException {
    String base = "netsentinel-" + app + "-" + VERSION + "/";
    List<String> files = new ArrayList<>(List.of(
        base + "bin/netsentinel-" + app,
        base + "bin/netsentinel-" + app + ".cmd",
        base + "lib/netsentinel-" + app + ".jar",
        base + "conf/sentinel_config.sample.json",
        base + "README.md"));
    for (String doc : repoDocs()) {
      files.add(base + "docs/" + doc);
    }
    Collections.sort(files);
    return files;
  }

  private static List<String> filesOf(Map<String, String> listing) {
    return listing.entrySet().stream().filter(e -> !e.getValue().startsWith("d")).map(Map.Entry::getKey).toList();
  }

  @Test
  void theAgentTarballHoldsTheJarTheLaunchersTheSampleConfigTheDocsAndAnEmptyPluginsFolder() throws Exception {
    Map<String, String> listing = listing(AGENT_TGZ);
    String base = "netsentinel-agent-" + VERSION + "/";

    assertThat(filesOf(listing)).containsExactlyElementsOf(expectedFiles("agent"));
    assertThat(listing).containsEntry(base + "bin/netsentinel-agent", "-rwxr-xr-x")
        .containsEntry(base + "bin/netsentinel-agent.cmd", "-rwxr-xr-x")
        .containsEntry(base + "lib/netsentinel-agent.jar", "-rw-r--r--")
        .containsEntry(base + "conf/sentinel_config.sample.json", "-rw-r--r--")
        .containsEntry(base + "plugins", "drwxr-xr-x");
    assertThat(listing.keySet()).noneMatch(p -> p.startsWith(base + "plugins/"));
  }

  @Test
  void theAgentZipHoldsTheSameFilesAsTheTarball() throws Exception {
    Path zip = Path.of(AGENT_TGZ.toString().replace(".tar.gz", ".zip"));
    List<String> names = new ArrayList<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      z.stream().filter(e -> !e.isDirectory()).forEach(e -> names.add(e.getName()));
    }
    Collections.sort(names);
    assertThat(names).containsExactlyElementsOf(expectedFiles("agent"));
  }

  @Test
  void theArchivedJarIsTheShadedJarTheBuildMade() throws Exception {
    Path home = unpack(AGENT_TGZ).resolve("netsentinel-agent-" + VERSION);
    assertThat(home.resolve("lib/netsentinel-agent.jar")).hasSameBinaryContentAs(AGENT_JAR);
  }

  @Test
  void theUnpackedLauncherPrintsTheAgentUsageWithJavaFromJavaHome() throws Exception {
    Path home = unpack(AGENT_TGZ).resolve("netsentinel-agent-" + VERSION);
    Path script = home.resolve("bin/netsentinel-agent");
    assertThat(Files.isExecutable(script)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-xr-x");
    assertThat(home.resolve("plugins")).isEmptyDirectory();

    Run r = run(List.of(script.toString(), "--help"), Map.of("JAVA_HOME", System.getProperty("java.home")), dir);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Usage: netsentinel-agent").contains("--read=PATH");
  }

  @Test
  void theLauncherSaysSoWhenJavaHomeHasNoJava() throws Exception {
    Path home = unpack(AGENT_TGZ).resolve("netsentinel-agent-" + VERSION);
    Run r = run(List.of(home.resolve("bin/netsentinel-agent").toString(), "--help"),
        Map.of("JAVA_HOME", dir.resolve("no-such-jdk").toString()), dir);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("JAVA_HOME").contains("no-such-jdk");
  }

  @Test
  void theLauncherHandsTheAgentItsPluginsFolderUnlessTheCommandLineNamesOne() throws Exception {
    Path home = unpack(AGENT_TGZ).resolve("netsentinel-agent-" + VERSION);
    Files.writeString(home.resolve("plugins/broken.jar"), "not a JAR");
    String script = home.resolve("bin/netsentinel-agent").toString();
    Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"));

    // No config and no plugins/ in the working directory: only the launcher can point the agent at this folder.
    Run installed = run(List.of(script, "--list-plugins"), env, dir);
    assertThat(installed.code()).as(installed.err()).isZero();
    assertThat(installed.out()).contains("Skipped:").contains("broken.jar");

    // A second --plugins from the launcher would be a usage error (exit 2); the installation's folder is not read.
    Path own = Files.createDirectory(dir.resolve("own-plugins"));
    Run named = run(List.of(script, "--plugins", own.toString(), "--list-plugins"), env, dir);
    assertThat(named.code()).as(named.err()).isZero();
    assertThat(named.out()).doesNotContain("broken.jar");
  }

  @Test
  void theSampleConfigRunsTheAgentThroughASymlinkWithJavaOptsAndNoWarning() throws Exception {
    Path home = unpack(AGENT_TGZ).resolve("netsentinel-agent-" + VERSION);
    Path config = home.resolve("conf/sentinel_config.json");
    Files.copy(home.resolve("conf/sentinel_config.sample.json"), config);
    Path link = Files.createSymbolicLink(dir.resolve("netsentinel-agent"), home.resolve("bin/netsentinel-agent"));
    Path pcap = REPO.resolve("testdata/pcaps/irc_6667_zeek.pcap").toAbsolutePath();

    Map<String, String> env = new TreeMap<>();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("JAVA_OPTS", "-Xmx256m -Dnetsentinel.packaging.test=true");
    Run r = run(List.of(link.toString(), "--config", config.toString(), "--read", pcap.toString(), "--json"), env, dir);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"event_type\":\"stats\"");
    assertThat(r.err()).doesNotContainIgnoringCase("unknown key").doesNotContain("Exception");
    // The sample turns the EVE sink on, with its file relative to the config.
    assertThat(home.resolve("conf/data/eve.json")).exists();
  }

  @Test
  void theFirstReadWritesAClassDataSharingArchiveThatTheNextRunsUseWithTheSameOutput() throws Exception {
    Path home = unpack(AGENT_TGZ).resolve("netsentinel-agent-" + VERSION);
    Path pcap = REPO.resolve("testdata/pcaps/synflood_200_synthetic_suricata.pcap").toAbsolutePath();
    Map<String, String> env = new TreeMap<>();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("HOME", dir.resolve("home").toString());
    List<String> read = List.of(home.resolve("bin/netsentinel-agent").toString(), "--read", pcap.toString(), "--json");

    Run help = run(List.of(home.resolve("bin/netsentinel-agent").toString(), "--help"), env, dir);
    assertThat(help.code()).as(help.err()).isZero();
    assertThat(home.resolve("lib/cds")).as("only a --read run writes the archive").isEmptyDirectory();

    Run first = run(read, env, dir);
    assertThat(first.code()).as(first.err()).isZero();
    List<Path> archives;
    try (Stream<Path> files = Files.list(home.resolve("lib/cds"))) {
      archives = files.toList();
    }
    assertThat(archives).singleElement().satisfies(a -> {
      assertThat(a.getFileName().toString()).matches("netsentinel-agent-\\d+\\.jsa");
      assertThat(Files.size(a)).isPositive();
    });
    assertThat(first.out().lines().toList()).allMatch(line -> line.startsWith("{"), "stdout carries only JSON");
    // -Xshare:on makes a JVM that cannot map the archive fail instead of ignoring it quietly.
    Map<String, String> strict = new TreeMap<>(env);
    strict.put("JAVA_OPTS", "-Xshare:on");
    Run second = run(read, strict, dir);
    assertThat(second.code()).as("the next run maps the archive: " + second.err()).isZero();
    assertThat(alertsOf(second.out())).isEqualTo(alertsOf(first.out())).isNotEmpty();
    assertThat(second.out().lines().toList()).allMatch(line -> line.startsWith("{"), "stdout carries only JSON");
  }

  /** The alert lines without what changes from run to run (the stats line's elapsed time). */
  private static List<String> alertsOf(String out) {
    return out.lines().filter(l -> l.contains("\"event_type\":\"alert\"")).toList();
  }

  @Test
  void whenLibCdsCannotBeCreatedTheArchiveGoesToTheUsersCache() throws Exception {
    Path home = unpack(AGENT_TGZ).resolve("netsentinel-agent-" + VERSION);
    Path pcap = REPO.resolve("testdata/pcaps/synflood_200_synthetic_suricata.pcap").toAbsolutePath();
    // A file where the folder would go: unwritable even for root, who writes through directory modes.
    Files.writeString(home.resolve("lib/cds"), "");
    Map<String, String> env = new TreeMap<>();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    Run r = run(List.of(home.resolve("bin/netsentinel-agent").toString(), "--read", pcap.toString(), "--json"), env,
        dir);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"event_type\":\"stats\"");
    assertThat(dir.resolve("cache/netsentinel/cds")).isDirectoryContaining("glob:**/netsentinel-agent-*.jsa");
  }

  @Test
  void bothSampleConfigsAreValidWithoutWarnings() throws Exception {
    for (String app : List.of("agent", "server")) {
      Path archive = app.equals("agent") ? AGENT_TGZ : SERVER_TGZ;
      Path sample = unpack(archive).resolve("netsentinel-" + app + "-" + VERSION + "/conf/sentinel_config.sample.json");
      Settings settings = Settings.load(sample);
      assertThat(settings.warnings()).as(archive.toString()).isEmpty();
    }
  }

  @Test
  void theServerTarballHasItsLauncherJarSampleAndDocsAndTheLauncherPrintsItsUsage() throws Exception {
    Map<String, String> listing = listing(SERVER_TGZ);
    String base = "netsentinel-server-" + VERSION + "/";
    assertThat(filesOf(listing)).containsExactlyElementsOf(expectedFiles("server"));
    assertThat(listing).containsEntry(base + "bin/netsentinel-server", "-rwxr-xr-x")
        .containsEntry(base + "lib/netsentinel-server.jar", "-rw-r--r--")
        .doesNotContainKey(base + "plugins");

    Path home = unpack(SERVER_TGZ).resolve("netsentinel-server-" + VERSION);
    Run r = run(List.of(home.resolve("bin/netsentinel-server").toString(), "--help"),
        Map.of("JAVA_HOME", System.getProperty("java.home")), dir);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Usage: netsentinel-server").contains("init");
  }

  @Test
  void theCmdLaunchersHaveWindowsLineEndings() throws Exception {
    Path home = unpack(AGENT_TGZ).resolve("netsentinel-agent-" + VERSION);
    String cmd = Files.readString(home.resolve("bin/netsentinel-agent.cmd"), StandardCharsets.UTF_8);
    assertThat(cmd).startsWith("@echo off\r\n").doesNotContainPattern("[^\r]\n");
    String sh = Files.readString(home.resolve("bin/netsentinel-agent"), StandardCharsets.UTF_8);
    assertThat(sh).startsWith("#!/bin/sh\n").doesNotContain("\r");
    assertThat(cmd).contains("lib\\netsentinel-agent.jar");
  }
}
