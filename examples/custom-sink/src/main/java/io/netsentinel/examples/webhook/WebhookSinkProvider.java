package io.netsentinel.examples.webhook;

import io.netsentinel.api.AlertSink;
import io.netsentinel.api.AlertSinkProvider;
import io.netsentinel.api.SinkContext;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Sink {@code webhook}: posts alerts as JSON to an HTTP(S) endpoint, in batches, with retries. See {@link
 * WebhookAlertSink} for the behaviour and {@link WebhookConfig} for the settings ({@code sinks.webhook}).
 */
public final class WebhookSinkProvider implements AlertSinkProvider {
  static final String ID = "webhook";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public AlertSink create(SinkContext context) {
    WebhookConfig config = WebhookConfig.from(context.settings());
    HttpClient client = HttpClient.newBuilder()
        .connectTimeout(Duration.ofNanos(config.timeoutNanos()))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    return new WebhookAlertSink(config, context, client, System::nanoTime);
  }
}
