package io.netsentinel.server;

import java.util.Map;

/** A request the API refuses: the HTTP status, a stable machine code, a message for people, and extra headers. */
final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final Map<String, String> headers;

  ApiException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  ApiException(int status, String code, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  static ApiException tooMany(String message, long retryAfterSeconds) {
    return new ApiException(429, "rate_limited", message,
        Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  Map<String, String> headers() {
    return headers;
  }
}
