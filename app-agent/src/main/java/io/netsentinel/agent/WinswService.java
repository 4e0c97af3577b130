package io.netsentinel.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Windows: java.exe cannot answer the service control manager itself, so the service is WinSW, a wrapper whose
 * descriptor we generate next to the JAR. WinSW is not on Maven Central: the install output says what to download.
 */
final class WinswService implements ServiceManager {
  static final String DESCRIPTOR = ServiceDefinition.NAME + ".xml";
  static final String WRAPPER = ServiceDefinition.NAME + ".exe";
  static final String DOWNLOAD = "https://github.com/winsw/winsw/releases (WinSW-x64.exe)";

  private final Path directory;
  private final CommandRunner runner;

  WinswService(Path directory, CommandRunner runner) {
    this.directory = directory;
    this.runner = runner;
  }

  Path descriptorFile() {
    return directory.resolve(DESCRIPTOR);
  }

  static String descriptor(ServiceDefinition service) {
    List<String> command = service.command();
    String arguments = command.subList(1, command.size()).stream().map(WinswService::quote)
        .collect(Collectors.joining(" "));
    return "<service>\n"
        + "  <id>" + ServiceDefinition.NAME + "</id>\n"
        + "  <name>NetSentinel agent</name>\n"
        + "  <description>NetSentinel network intrusion detection agent</description>\n"
        + "  <executable>" + Xml.escape(command.get(0)) + "</executable>\n"
        + "  <arguments>" + Xml.escape(arguments) + "</arguments>\n"
        + "  <workingdirectory>" + Xml.escape(service.dataDir().toString()) + "</workingdirectory>\n"
        + "  <startmode>Automatic</startmode>\n"
        + "  <depend>Npcap</depend>\n"
        + "  <onfailure action=\"restart\" delay=\"10 sec\"/>\n"
        + "  <log mode=\"roll-by-size\"/>\n"
        + "</service>\n";
  }

  /** The sc.exe line that registers the WinSW wrapper (what {@code netsentinel-agent.exe install} also does). */
  String scCreate() {
    return "sc.exe create " + ServiceDefinition.NAME + " binPath= \"" + directory.resolve(WRAPPER)
        + "\" start= auto DisplayName= \"NetSentinel agent\"";
  }

  private static String quote(String arg) {
    return arg.contains(" ") ? "\"" + arg + "\"" : arg;
  }

  @Override
  public void install(ServiceDefinition service, PrintStream out) throws IOException {
    Files.createDirectories(service.dataDir());
    Files.writeString(descriptorFile(), descriptor(service), StandardCharsets.UTF_8);
    out.println("wrote " + descriptorFile());
    out.println("The service wrapper is not part of this JAR. To finish, as Administrator:");
    out.println("  1. download WinSW from " + DOWNLOAD);
    out.println("  2. save it as " + directory.resolve(WRAPPER) + " (next to " + DESCRIPTOR + ")");
    out.println("  3. run: " + directory.resolve(WRAPPER) + " install");
    out.println("     or register it yourself: " + scCreate());
    out.println("  4. start it with --start, or: sc.exe start " + ServiceDefinition.NAME);
  }

  @Override
  public void uninstall(PrintStream out) throws IOException {
    runner.run(List.of("sc.exe", "stop", ServiceDefinition.NAME));
    runner.runOrFail(List.of("sc.exe", "delete", ServiceDefinition.NAME));
    Files.deleteIfExists(descriptorFile());
    out.println("deleted the service " + ServiceDefinition.NAME + " and " + descriptorFile());
  }

  @Override
  public void start(PrintStream out) throws IOException {
    runner.runOrFail(List.of("sc.exe", "start", ServiceDefinition.NAME));
    out.println("started " + ServiceDefinition.NAME);
  }

  @Override
  public void stop(PrintStream out) throws IOException {
    runner.runOrFail(List.of("sc.exe", "stop", ServiceDefinition.NAME));
    out.println("stopped " + ServiceDefinition.NAME);
  }
}
