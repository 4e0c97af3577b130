package io.netsentinel.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3.1 description of every route, a resource of this jar. It is read once
 * when the router is built, so a jar without it fails at start-up rather than on the first request.
 */
final class OpenApiDocument {
  static final String RESOURCE = "openapi.json";

  private final Buffer document;

  OpenApiDocument() {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the server jar");
      }
      document = Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + " from the server jar", e);
    }
  }

  void handle(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(document);
  }
}
