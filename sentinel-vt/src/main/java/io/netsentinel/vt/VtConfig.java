package io.netsentinel.vt;

import io.netsentinel.api.IpRange;
import io.netsentinel.api.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one VirusTotal detector. The first eight come from the config file; the rest are fixed tunables
 * (tests build their own). {@link #toString()} never shows the key.
 *
 * @param apiKey the VirusTotal key, already merged with {@code VIRUSTOTAL_API_KEY} by the caller; empty means inactive
 * @param baseUrl the API root without a trailing slash
 * @param drainTimeout how long {@code finish()} waits for queued lookups at the end of an offline read
 * @param callTimeout the whole-request timeout of one HTTP call
 * @param maxAttempts tries per indicator on 5xx and timeouts before giving up on it for {@code giveUpFor}
 * @param retryBaseDelay the first retry delay; it doubles per attempt, with up to 100 % jitter on top
 * @param queueCapacity sightings the packet thread may queue for the worker (the oldest is dropped beyond it)
 * @param maxPending indicators waiting for a token (the least seen is dropped beyond it)
 * @param cacheMaxEntries verdicts kept in memory and on disk
 */
record VtConfig(
    String apiKey,
    String baseUrl,
    int requestsPerMinute,
    int dailyQuota,
    Duration drainTimeout,
    boolean lookupDocumentationRanges,
    List<IpRange> homeNetworks,
    Path dataDir,
    Duration callTimeout,
    int maxAttempts,
    Duration retryBaseDelay,
    Duration giveUpFor,
    Duration foundTtl,
    Duration cleanTtl,
    int queueCapacity,
    int maxPending,
    int cacheMaxEntries) {

  VtConfig {
    apiKey = apiKey == null ? "" : apiKey.trim();
    Objects.requireNonNull(baseUrl, "baseUrl");
    homeNetworks = List.copyOf(homeNetworks);
    Objects.requireNonNull(dataDir, "dataDir");
    if (requestsPerMinute < 1 || dailyQuota < 1 || maxAttempts < 1 || queueCapacity < 1 || maxPending < 1
        || cacheMaxEntries < 1) {
      throw new IllegalArgumentException("VirusTotal limits must be positive");
    }
  }

  static VtConfig from(Settings s) {
    return new VtConfig(
        s.getString("virustotal_api_key"),
        s.getString("virustotal_base_url"),
        s.getInt("virustotal_requests_per_minute"),
        s.getInt("virustotal_daily_quota"),
        Duration.ofNanos(s.getDurationNanos("virustotal_drain_timeout_s")),
        s.getBoolean("virustotal_lookup_documentation_ranges"),
        s.getNetworks("home_networks"),
        s.getPath("data_dir"),
        Duration.ofSeconds(20),
        4,
        Duration.ofSeconds(2),
        Duration.ofMinutes(30),
        Duration.ofHours(24),
        Duration.ofHours(1),
        4096,
        10_000,
        50_000);
  }

  boolean active() {
    return !apiKey.isEmpty();
  }

  @Override
  public String toString() {
    return "VtConfig[apiKey=" + (apiKey.isEmpty() ? "(none)" : "[redacted]") + ", baseUrl=" + baseUrl
        + ", requestsPerMinute=" + requestsPerMinute + ", dailyQuota=" + dailyQuota + ", drainTimeout=" + drainTimeout
        + ", lookupDocumentationRanges=" + lookupDocumentationRanges + ", homeNetworks=" + homeNetworks
        + ", dataDir=" + dataDir + ", callTimeout=" + callTimeout + ", maxAttempts=" + maxAttempts + "]";
  }
}
