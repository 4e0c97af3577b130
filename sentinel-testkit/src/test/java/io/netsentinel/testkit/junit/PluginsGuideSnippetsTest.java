package io.netsentinel.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/plugins.md shows a plugin author complete source files (a detector, its test, a sink, a source, an embedding
 * program). They must compile against the API as it is now, so the guide cannot drift from the code.
 */
class PluginsGuideSnippetsTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern TOP_TYPE =
      Pattern.compile("^(?:public |final |abstract )*(?:class|interface|record|enum) (\\w+)", Pattern.MULTILINE);

  @TempDir Path tmp;

  @Test
  void everyCompleteSourceFileInThePluginsGuideCompilesAgainstTheCurrentApi() throws IOException {
    Path guide = Path.of(System.getProperty("docs.dir", "../docs")).resolve("plugins.md");
    Matcher block = JAVA_BLOCK.matcher(Files.readString(guide));
    List<Path> sources = new ArrayList<>();
    while (block.find()) {
      String code = block.group(1);
      Matcher pkg = PACKAGE.matcher(code);
      if (!code.startsWith("package ") || !pkg.find()) {
        continue; // a fragment inside prose, not a file
      }
      Matcher type = TOP_TYPE.matcher(code);
      assertThat(type.find()).as("a type in:\n" + code).isTrue();
      Path file = tmp.resolve("src").resolve(pkg.group(1).replace('.', '/')).resolve(type.group(1) + ".java");
      assertThat(file).as("two snippets declare " + type.group(1)).doesNotExist();
      Files.createDirectories(file.getParent());
      Files.writeString(file, code);
      sources.add(file);
    }
    assertThat(sources).as("complete source files in " + guide).hasSizeGreaterThanOrEqualTo(8);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      boolean compiled = javac.getTask(null, files, diagnostics,
          List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"), "--release", "17",
              "-proc:none", "-Xlint:none"),
          null, files.getJavaFileObjectsFromPaths(sources)).call();
      String errors = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
          .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(null))
          .collect(Collectors.joining("\n"));
      assertThat(compiled).as(errors).isTrue();
    }
    assertThat(Files.walk(classes).filter(p -> p.toString().endsWith(".class")).count())
        .isGreaterThanOrEqualTo(sources.size());
  }
}
