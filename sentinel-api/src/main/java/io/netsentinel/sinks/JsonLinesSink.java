package io.netsentinel.sinks;

import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertJson;
import java.io.Writer;

/** One alert per line in the contract's JSON form. */
final class JsonLinesSink extends LineSink {
  private final AlertJson json = new AlertJson();

  JsonLinesSink(Writer out, boolean closeOnClose) {
    super(out, closeOnClose);
  }

  @Override
  String line(Alert alert) {
    return json.write(alert);
  }
}
