package io.netsentinel.detectors;

import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.DetectorProvider;

/** Detector {@code brute-force}; see {@link BruteForceDetector} for the rule. */
public final class BruteForceDetectorProvider implements DetectorProvider {
  @Override
  public String id() {
    return "brute-force";
  }

  @Override
  public Detector create(DetectorContext context) {
    return new BruteForceDetector(context);
  }
}
