package io.netsentinel.sinks;

import io.netsentinel.api.SinkContext;
import java.nio.file.Path;

/** Where a file sink writes: its {@code path} setting, or a default file name in {@code data_dir}. */
final class SinkFiles {
  private SinkFiles() {}

  static Path path(SinkContext context, String defaultName) {
    return context.settings().has("path")
        ? context.settings().getPath("path", defaultName)
        : context.settings().getPath("data_dir").resolve(defaultName);
  }
}
