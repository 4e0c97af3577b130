package io.netsentinel.vt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * VirusTotal API v3, one blocking GET at a time: {@code {base}/ip_addresses/{ip}} or {@code {base}/domains/{name}}
 * with the key in the {@code x-apikey} header (never in the URL, so it cannot leak through a logged URL). Every text
 * that may reach a log passes through {@link #redact}.
 */
final class VirusTotalClient implements AutoCloseable {
  /** VirusTotal domain objects carry DNS records and certificates; real ones stay well below this. */
  private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
  private static final int MAX_REASON = 200;

  private final OkHttpClient http;
  private final HttpUrl base;
  private final String apiKey;
  private final ObjectMapper json = new ObjectMapper();
  private volatile Call current;

  VirusTotalClient(VtConfig config) {
    this.apiKey = config.apiKey();
    HttpUrl parsed = HttpUrl.parse(config.baseUrl());
    if (parsed == null) {
      throw new IllegalArgumentException("virustotal_base_url is not a URL: " + config.baseUrl());
    }
    this.base = parsed;
    long timeoutMillis = config.callTimeout().toMillis();
    this.http =
        new OkHttpClient.Builder()
            .callTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
            .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
            .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
            .followRedirects(false)
            .build();
  }

  /** The URL for an indicator (the key is not part of it). */
  HttpUrl url(IndicatorKind kind, String indicator) {
    return base.newBuilder().addPathSegment(kind.collection).addPathSegment(indicator).build();
  }

  /** Asks VirusTotal about one indicator. Blocks up to the call timeout; never throws for a network or HTTP fault. */
  LookupOutcome lookup(IndicatorKind kind, String indicator) {
    Request request;
    try {
      request =
          new Request.Builder()
              .url(url(kind, indicator))
              .header("x-apikey", apiKey)
              .header("Accept", "application/json")
              .header("User-Agent", "NetSentinel")
              .get()
              .build();
    } catch (IllegalArgumentException e) {
      // OkHttp quotes a bad header value in its message: never pass that on.
      return new LookupOutcome.Malformed("the HTTP client refused the request: " + redact(e.getMessage()));
    }
    Call call = http.newCall(request);
    current = call;
    try (Response response = call.execute()) {
      int status = response.code();
      byte[] body = read(response.body());
      if (status == 200) {
        return parseObject(kind, body);
      }
      ErrorBody error = parseError(body);
      if (status == 404 || status == 400) {
        return new LookupOutcome.NotFound(status);
      }
      if (status == 401 || status == 403) {
        return new LookupOutcome.Rejected(status, error.code(), error.message());
      }
      if (status == 429) {
        return new LookupOutcome.RateLimited(error.code(), error.message(), retryAfter(response.header("Retry-After")));
      }
      if (status >= 500) {
        return new LookupOutcome.Transient("HTTP " + status + describe(error), true);
      }
      return new LookupOutcome.Malformed("unexpected HTTP " + status + describe(error));
    } catch (InterruptedIOException e) {
      // The request may have reached VirusTotal before the answer was late: count it.
      return new LookupOutcome.Transient(
          "timed out" + (e.getMessage() == null ? "" : " (" + redact(e.getMessage()) + ")"), true);
    } catch (ConnectException | UnknownHostException | NoRouteToHostException e) {
      return new LookupOutcome.Transient(e.getClass().getSimpleName() + ": " + redact(String.valueOf(e.getMessage())),
          false);
    } catch (IOException e) {
      return new LookupOutcome.Transient(e.getClass().getSimpleName() + ": " + redact(String.valueOf(e.getMessage())),
          true);
    } finally {
      current = null;
    }
  }

  private static String describe(ErrorBody error) {
    return error.code().isEmpty() ? "" : " " + error.code() + (error.message().isEmpty() ? "" : ": " + error.message());
  }

  private static byte[] read(ResponseBody body) throws IOException {
    if (body == null) {
      return new byte[0];
    }
    try (InputStream in = body.byteStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new IOException("response body over " + MAX_BODY_BYTES + " bytes");
      }
      return bytes;
    }
  }

  private LookupOutcome parseObject(IndicatorKind kind, byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      return new LookupOutcome.Malformed("body is not JSON (" + body.length + " bytes)");
    } catch (IOException e) {
      return new LookupOutcome.Malformed("body cannot be read: " + e.getClass().getSimpleName());
    }
    if (root == null || !root.path("data").isObject()) {
      return new LookupOutcome.Malformed("no \"data\" object in the body");
    }
    JsonNode data = root.get("data");
    JsonNode type = data.get("type");
    if (type != null && !kind.objectType.equals(type.asText())) {
      return new LookupOutcome.Malformed("\"data.type\" is " + clip(type.asText()) + ", not " + kind.objectType);
    }
    JsonNode attributes = data.get("attributes");
    if (attributes == null || !attributes.isObject()) {
      return new LookupOutcome.Malformed("no \"data.attributes\" object in the body");
    }
    JsonNode stats = attributes.get("last_analysis_stats");
    if (stats != null && !stats.isObject()) {
      return new LookupOutcome.Malformed("\"last_analysis_stats\" is not an object");
    }
    try {
      return new LookupOutcome.Found(
          new Verdict(
              count(stats, "malicious"),
              count(stats, "suspicious"),
              count(stats, "harmless"),
              count(stats, "undetected"),
              count(stats, "timeout"),
              integer(attributes, "reputation")));
    } catch (IllegalArgumentException e) {
      return new LookupOutcome.Malformed(e.getMessage());
    }
  }

  private static int count(JsonNode stats, String field) {
    if (stats == null) {
      return 0;
    }
    int value = integer(stats, field);
    if (value < 0) {
      throw new IllegalArgumentException("\"last_analysis_stats." + field + "\" is negative");
    }
    return value;
  }

  /** A missing field is 0 (a fresh object has no stats yet); a present one must be an integer. */
  private static int integer(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return 0;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new IllegalArgumentException("\"" + field + "\" is not an integer");
    }
    return node.intValue();
  }

  private record ErrorBody(String code, String message) {}

  private ErrorBody parseError(byte[] body) {
    try {
      JsonNode error = json.readTree(body).path("error");
      return new ErrorBody(clip(redact(error.path("code").asText(""))), clip(redact(error.path("message").asText(""))));
    } catch (IOException | RuntimeException e) {
      return new ErrorBody("", "");
    }
  }

  private static long retryAfter(String header) {
    if (header == null) {
      return -1;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds >= 0 ? seconds : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String clip(String text) {
    return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "…" : text;
  }

  /** The text with every occurrence of the key replaced, for anything that may be logged. */
  String redact(String text) {
    if (text == null || apiKey.isEmpty()) {
      return text;
    }
    return text.replace(apiKey, "[redacted]");
  }

  /** Cancels the request in progress, if any (from another thread, when closing). */
  void cancel() {
    Call call = current;
    if (call != null) {
      call.cancel();
    }
  }

  @Override
  public void close() {
    cancel();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
