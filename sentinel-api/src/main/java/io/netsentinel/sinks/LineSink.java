package io.netsentinel.sinks;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/** A sink that writes one line of text per alert; subclasses choose the line's format. */
abstract class LineSink implements AlertSink {
  private final Writer out;
  private final boolean closeOnClose;

  LineSink(Writer out, boolean closeOnClose) {
    this.out = out;
    this.closeOnClose = closeOnClose;
  }

  /** The alert as one line, without the line break. */
  abstract String line(Alert alert) throws IOException;

  @Override
  public final void accept(Alert alert) {
    try {
      out.write(line(alert));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public final void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes a file the sink opened; a stream it was given (such as stdout) is only flushed. */
  @Override
  public final void close() {
    try {
      if (closeOnClose) {
        out.close();
      } else {
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
