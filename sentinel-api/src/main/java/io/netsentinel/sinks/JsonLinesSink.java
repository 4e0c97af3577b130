package io.netsentinel.sinks;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertJson;
import io.netsentinel.api.AlertSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/** One alert per line in the contract's JSON form. */
final class JsonLinesSink implements AlertSink {
  private final Writer out;
  private final boolean closeOnClose;
  private final AlertJson json = new AlertJson();

  JsonLinesSink(Writer out, boolean closeOnClose) {
    this.out = out;
    this.closeOnClose = closeOnClose;
  }

  @Override
  public void accept(Alert alert) {
    try {
      out.write(json.write(alert));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
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
