package io.netsentinel.examples.ttl;

import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.DetectorProvider;

/**
 * Detector {@code ttl-anomaly}: a known source whose packets suddenly arrive with a very different IP TTL (hop limit)
 * than the one learned for it. See {@link TtlAnomalyDetector} for the rule and {@link TtlAnomalyConfig} for the
 * settings, read from the {@code detectors.ttl-anomaly} section of the config file.
 */
public final class TtlAnomalyDetectorProvider implements DetectorProvider {
  static final String ID = "ttl-anomaly";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Detector create(DetectorContext context) {
    return new TtlAnomalyDetector(TtlAnomalyConfig.from(context.settings()), context);
  }
}
