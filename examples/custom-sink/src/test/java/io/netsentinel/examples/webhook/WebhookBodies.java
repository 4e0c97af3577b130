package io.netsentinel.examples.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netsentinel.api.Alert;
import io.netsentinel.api.AlertJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a webhook body back: its {@code count}, and each alert of {@code alerts} parsed with {@link AlertJson}. */
final class WebhookBodies {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private WebhookBodies() {}

  record Body(long count, List<Alert> alerts) {}

  static Body parse(String body) {
    long count = -1;
    List<Alert> alerts = new ArrayList<>();
    AlertJson json = new AlertJson();
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new AssertionError("not a JSON object: " + body);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("count")) {
          count = p.getLongValue();
        } else if (field.equals("alerts") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            int start = (int) p.currentTokenLocation().getCharOffset();
            p.skipChildren();
            int end = (int) p.currentLocation().getCharOffset();
            alerts.add(json.read(body.substring(start, end)));
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Body(count, alerts);
  }
}
