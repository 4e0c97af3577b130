package io.netsentinel.vt;

import io.netsentinel.api.IpRange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** Builds a {@link VtConfig} with short timeouts for tests. */
final class TestConfig {
  static final String KEY = "vt-test-key-9f8e7d6c5b4a39281706f5e4d3c2b1a0aa55cc33";

  String key = KEY;
  String baseUrl;
  int perMinute = 600;
  int perDay = 500;
  Duration drain = Duration.ofSeconds(5);
  boolean documentation = true;
  Path dataDir;
  Duration callTimeout = Duration.ofSeconds(3);
  int attempts = 3;
  Duration retryBase = Duration.ofMillis(10);
  Duration giveUp = Duration.ofMinutes(30);
  int queue = 1024;
  int pending = 1000;
  int cache = 1000;

  TestConfig(String baseUrl, Path dataDir) {
    this.baseUrl = baseUrl;
    this.dataDir = dataDir;
  }

  /** Counters that belong to no engine. */
  static Counters counters() {
    return new Counters(new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder());
  }

  VtConfig build() {
    return new VtConfig(key, baseUrl, perMinute, perDay, drain, documentation,
        List.of(IpRange.parse("10.0.0.0/8"), IpRange.parse("192.168.0.0/16"), IpRange.parse("fc00::/7")), dataDir,
        callTimeout, attempts, retryBase, giveUp, Duration.ofHours(24), Duration.ofHours(1), queue, pending, cache);
  }

  /** Applies the endpoint, key, directory and short timeouts over what the settings say (for providers). */
  VtConfig over(VtConfig fromSettings) {
    return new VtConfig(key, baseUrl, fromSettings.requestsPerMinute(), fromSettings.dailyQuota(),
        fromSettings.drainTimeout().compareTo(drain) < 0 ? fromSettings.drainTimeout() : drain,
        fromSettings.lookupDocumentationRanges(), fromSettings.homeNetworks(), dataDir, callTimeout, attempts,
        retryBase, giveUp, fromSettings.foundTtl(), fromSettings.cleanTtl(), queue, pending, cache);
  }
}
