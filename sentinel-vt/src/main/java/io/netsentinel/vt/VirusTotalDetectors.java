package io.netsentinel.vt;

import io.netsentinel.api.BoundedTable;
import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.SettingsException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;

/** Builds a VirusTotal detector from its context: inactive without a key, otherwise with its own lookup thread. */
final class VirusTotalDetectors {
  private VirusTotalDetectors() {}

  /**
   * @param tune adjusts the settings read from the context (tests shorten timeouts with it)
   * @param inactiveReported set once the provider has said it is inactive, so it says so once
   */
  static Detector create(IndicatorKind kind, DetectorContext context, Clock clock, UnaryOperator<VtConfig> tune,
      AtomicBoolean inactiveReported) {
    VtConfig config = tune.apply(VtConfig.from(context.settings()));
    if (!config.active()) {
      if (inactiveReported.compareAndSet(false, true)) {
        context.logger().info("{} is inactive: no VirusTotal API key is configured (virustotal_api_key in the config"
            + " file, or the VIRUSTOTAL_API_KEY environment variable)", context.detectorId());
      }
      return new InactiveDetector();
    }
    if (!config.apiKey().chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
      // The value is not shown: it is a secret, even when it is wrong.
      throw new SettingsException(context.settings().origin() + ": virustotal_api_key: expected printable ASCII"
          + " without spaces (a VirusTotal key is 64 hexadecimal characters)");
    }
    HttpUrl base = HttpUrl.parse(config.baseUrl());
    if (base == null) {
      throw new SettingsException(
          context.settings().origin() + ": virustotal_base_url: expected an http(s) URL, got \"" + config.baseUrl()
              + "\"");
    }
    if (!base.isHttps() && !isLoopback(base.host())) {
      context.logger().warn("virustotal_base_url {} is plain http: the API key would cross the network unencrypted",
          config.baseUrl());
    }
    Counters counters = Counters.of(context);
    BoundedTable<Void> pairs = context.valueTable("pairs", LookupDetector.PAIR_IDLE_NANOS, 1);
    LookupService service =
        LookupService.start(kind, config, clock, context.logger(), context.detectorId(), counters);
    context.gauge("quota_used_today", service::quotaUsedToday);
    context.gauge("quota_daily_limit", config::dailyQuota);
    context.gauge("queue_depth", service::queueDepth);
    return kind == IndicatorKind.IP
        ? new IpLookupDetector(config, service, pairs, counters, context.logger())
        : new DomainLookupDetector(config, service, pairs, counters, context.logger());
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }
}
