package io.netsentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CommandLinesTest {
  static final class UserMistake extends RuntimeException {
    UserMistake(String message) {
      super(message);
    }
  }

  @Command(name = "tool", mixinStandardHelpOptions = true)
  static final class Tool implements Callable<Integer> {
    @Option(names = "--dir", required = true) String dir;
    @Option(names = "--fail") String fail;
    @Option(names = "--debug") boolean debug;

    @Override
    public Integer call() throws Exception {
      switch (fail == null ? "" : fail) {
        case "io" -> throw new NoSuchFileException(dir);
        case "user" -> throw new UserMistake("bad value for --dir");
        case "bug" -> throw new IllegalStateException("oops");
        default -> {
          return 0;
        }
      }
    }
  }

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = CommandLines.execute(new Tool(), List.of(UserMistake.class),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Run(code, err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aTypoIsOneLineWithTheNearestOptionEvenWhenARequiredOptionIsReportedFirst() {
    Run r = run("--dri", "x");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Did you mean --dir instead of --dri?").contains("Try 'tool --help'")
        .doesNotContain("Usage:");
  }

  @Test
  void userErrorsAreOneLineAndBugsSayInternalErrorWithATraceOnlyUnderDebug() {
    Run io = run("--dir", "/nope", "--fail", "io");
    assertThat(io.code()).isEqualTo(1);
    assertThat(io.err()).isEqualTo("tool: error: /nope: not found" + System.lineSeparator());
    assertThat(run("--dir", "d", "--fail", "user").err()).startsWith("tool: error: bad value for --dir");
    Run bug = run("--dir", "d", "--fail", "bug");
    assertThat(bug.err()).startsWith("tool: internal error: java.lang.IllegalStateException: oops")
        .doesNotContain("\tat ");
    assertThat(run("--dir", "d", "--fail", "bug", "--debug").err()).contains("\tat ");
  }

  @Test
  void describeNamesWhatIsWrongWithABarePath() {
    assertThat(CommandLines.describe(new java.nio.file.FileAlreadyExistsException("/x/y"))).isEqualTo("/x/y: already exists");
    assertThat(CommandLines.describe(new NoSuchFileException("/a", null, "no such file"))).isEqualTo("/a: no such file");
    assertThat(CommandLines.describe(new IOException("disk\nfull"))).isEqualTo("disk full");
  }
}
