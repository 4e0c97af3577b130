package io.netsentinel.server;

import io.vertx.ext.web.RoutingContext;
import java.nio.file.NoSuchFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure of a route into the JSON error shape with the right status; only real bugs are logged. */
final class ErrorHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

  private ErrorHandler() {}

  static void handle(RoutingContext ctx) {
    Responses.error(ctx, translate(ctx.failure(), ctx.statusCode(), ctx.request().path()));
  }

  static ApiException translate(Throwable failure, int status, String path) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure != null && failure.getCause() instanceof ApiException api) {
      return api;
    }
    if (failure instanceof IllegalArgumentException bad) {
      return ApiException.badRequest(bad.getMessage());
    }
    if (failure == null || status == 413) {
      return byStatus(status);
    }
    if (failure instanceof io.netsentinel.store.StoreException) {
      LOG.error("{}: alert store failed: {}", path, failure.getMessage());
      return new ApiException(503, "store_unavailable", "the alert store failed; nothing was stored, retry later");
    }
    if (failure instanceof NoSuchFileException) {
      LOG.error("{}: file not found: {}", path, failure.getMessage());
    } else {
      LOG.error("{}: internal error", path, failure);
    }
    return new ApiException(500, "internal", "internal server error; the server log has the details");
  }

  static ApiException byStatus(int status) {
    return switch (status) {
      case 400 -> ApiException.badRequest("bad request");
      case 401 -> new ApiException(401, "unauthorized", "authentication required");
      case 403 -> new ApiException(403, "forbidden", "forbidden");
      case 404 -> new ApiException(404, "not_found", "no such route; see docs/api.md");
      case 405 -> new ApiException(405, "method_not_allowed", "method not allowed on this route");
      case 413 -> new ApiException(413, "body_too_large", "request body larger than the limit (1 MB after gzip"
          + " decompression)");
      case 415 -> new ApiException(415, "unsupported_media_type", "unsupported content type");
      default -> status >= 400 && status < 500
          ? new ApiException(status, "client_error", "request refused")
          : new ApiException(500, "internal", "internal server error; the server log has the details");
    };
  }
}
