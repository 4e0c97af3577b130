package io.netsentinel.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;

/** Request bodies as JSON, with a 400 that says where the JSON is broken. */
final class JsonBodies {
  private JsonBodies() {}

  /** The request body read by the route's {@code BodyHandler}, or null; taken on the event loop, parsed off it. */
  static byte[] bytes(RoutingContext ctx) {
    return ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
  }

  static JsonNode read(ObjectMapper mapper, byte[] body) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("empty body: expected JSON");
    }
    try {
      JsonNode node = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ApiException.badRequest("empty body: expected JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw ApiException.badRequest("malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("unreadable body: " + e.getMessage());
    }
  }
}
