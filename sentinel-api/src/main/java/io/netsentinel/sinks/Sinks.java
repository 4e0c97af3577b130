package io.netsentinel.sinks;

import io.netsentinel.api.AlertSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The built-in alert sinks, for code that wires sinks by hand rather than by id. */
public final class Sinks {
  private Sinks() {}

  /** Contract JSON, one alert per line, to a stream the caller keeps open (such as standard output). */
  public static AlertSink jsonLines(OutputStream out) {
    return new JsonLinesSink(
        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16), false);
  }

  /** Contract JSON, one alert per line, appended to a file. */
  public static AlertSink jsonLines(Path file) throws IOException {
    return new JsonLinesSink(append(file), true);
  }

  /** Suricata EVE alert records, appended to a file such as {@code eve.json}. */
  public static AlertSink eve(Path file) throws IOException {
    return new EveSink(append(file));
  }

  private static BufferedWriter append(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return Files.newBufferedWriter(
        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
