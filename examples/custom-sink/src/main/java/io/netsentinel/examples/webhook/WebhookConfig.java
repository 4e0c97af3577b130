package io.netsentinel.examples.webhook;

import io.netsentinel.api.Settings;
import io.netsentinel.api.SettingsException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The settings of {@code webhook}, from the {@code sinks.webhook} section of the config file:
 *
 * <pre>{@code
 * "sinks": {"webhook": {"url": "https://hooks.example.com/netsentinel", "batch_size": 100, "queue_capacity": 10000,
 *                       "timeout": 5, "max_attempts": 4, "retry_backoff": 0.5}}
 * }</pre>
 *
 * @param url where the alerts are posted; http or https
 * @param batchSize the most alerts in one request
 * @param queueCapacity the most alerts kept while the endpoint is unreachable; beyond it the oldest are dropped
 * @param timeoutNanos the connect timeout, and the time allowed for each request's answer
 * @param maxAttempts how many times one delivery tries a request (1 = no retry) before the batch waits for the next
 * @param backoffNanos the wait before the first retry; it doubles with each retry, and with each failed delivery
 */
record WebhookConfig(
    URI url, int batchSize, int queueCapacity, long timeoutNanos, int maxAttempts, long backoffNanos) {
  private static final String SECTION = "sinks." + WebhookSinkProvider.ID + ".";
  private static final long MAX_SECONDS = 60;

  WebhookConfig {
    String scheme = url == null ? null : url.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || url.getHost() == null) {
      throw new SettingsException(
          SECTION + "url: expected an http:// or https:// URL with a host, got \"" + url + "\"");
    }
    if (batchSize < 1 || batchSize > 10_000) {
      throw new SettingsException(SECTION + "batch_size: expected 1-10000 alerts, got " + batchSize);
    }
    if (queueCapacity < batchSize) {
      throw new SettingsException(SECTION + "queue_capacity: expected at least batch_size (" + batchSize
          + ") alerts, got " + queueCapacity);
    }
    if (timeoutNanos <= 0 || timeoutNanos > MAX_SECONDS * 1_000_000_000L) {
      throw new SettingsException(SECTION + "timeout: expected more than 0 and at most " + MAX_SECONDS
          + " seconds, got " + timeoutNanos / 1e9);
    }
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new SettingsException(SECTION + "max_attempts: expected 1-10, got " + maxAttempts);
    }
    if (backoffNanos > MAX_SECONDS * 1_000_000_000L) {
      throw new SettingsException(SECTION + "retry_backoff: expected at most " + MAX_SECONDS + " seconds, got "
          + backoffNanos / 1e9);
    }
  }

  static WebhookConfig from(Settings s) {
    if (!s.has("url")) {
      throw new SettingsException(SECTION + "url is required: the http:// or https:// address to post alerts to");
    }
    return new WebhookConfig(
        uri(s.getString("url")),
        s.getInt("batch_size", 100),
        s.getInt("queue_capacity", 10_000),
        s.getDurationNanos("timeout", 5),
        s.getInt("max_attempts", 4),
        s.getDurationNanos("retry_backoff", 0.5));
  }

  private static URI uri(String text) {
    try {
      return new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new SettingsException(SECTION + "url: expected an http:// or https:// URL, got \"" + text + "\" ("
          + e.getReason() + ")");
    }
  }

  /** The endpoint without its path, query or user info, which often hold a secret token: safe for logs. */
  String displayUrl() {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }
}
