package io.netsentinel.detectors;

import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.DetectorProvider;

/** Detector {@code suspicious-port}; see {@link SuspiciousPortDetector} for the rule. */
public final class SuspiciousPortDetectorProvider implements DetectorProvider {
  @Override
  public String id() {
    return "suspicious-port";
  }

  @Override
  public Detector create(DetectorContext context) {
    return new SuspiciousPortDetector(context);
  }
}
