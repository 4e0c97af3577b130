package io.netsentinel.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles Java sources against the test class path and packs them, with service files, into a plugin JAR. */
final class PluginJars {
  private PluginJars() {}

  /**
   * @param sources class name (with package) → source text
   * @param services service interface name → provider class names
   */
  static Path build(Path workDir, String jarName, Map<String, String> sources, Map<String, String> services)
      throws IOException {
    Path src = Files.createDirectories(workDir.resolve(jarName + "-src"));
    Path classes = Files.createDirectories(workDir.resolve(jarName + "-classes"));
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
        System.getProperty("java.class.path"), "-proc:none"));
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (!sources.isEmpty() && javac.run(null, null, null, args.toArray(new String[0])) != 0) {
      throw new IllegalStateException("plugin sources did not compile");
    }
    Path jar = workDir.resolve(jarName);
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(p));
        out.closeEntry();
      }
      for (Map.Entry<String, String> e : services.entrySet()) {
        out.putNextEntry(new JarEntry("META-INF/services/" + e.getKey()));
        out.write((e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return jar;
  }

  /** A detector provider whose detector alerts on every packet with the given category. */
  static String detectorSource(String pkg, String className, String id, String category) {
    return "package " + pkg + ";\n"
        + "import io.netsentinel.api.*;\n"
        + "public final class " + className + " implements DetectorProvider {\n"
        + "  public String id() { return \"" + id + "\"; }\n"
        + "  public Detector create(DetectorContext ctx) {\n"
        + "    return (packet, alerts) -> alerts.alert(\"" + category + "\", Severity.LOW)"
        + ".from(packet).message(\"seen by " + id + "\").emit();\n"
        + "  }\n"
        + "}\n";
  }
}
