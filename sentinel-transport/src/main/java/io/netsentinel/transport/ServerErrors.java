package io.netsentinel.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the server's {@code {"error":{"code":…,"message":…}}} answers for log lines. */
final class ServerErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ServerErrors() {}

  static String message(String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      if (error.isObject()) {
        return error.path("code").asText("") + ": " + error.path("message").asText("");
      }
    } catch (Exception e) {
      // Not JSON: show the start of it.
    }
    return shorten(body);
  }

  static String shorten(String body) {
    String one = body == null ? "" : body.replaceAll("\\s+", " ").trim();
    return one.length() > 200 ? one.substring(0, 200) + "…" : one;
  }
}
