package io.netsentinel.detectors;

import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.DetectorProvider;

/** Detector {@code icmp-flood}; see {@link IcmpFloodDetector} for the rule. */
public final class IcmpFloodDetectorProvider implements DetectorProvider {
  @Override
  public String id() {
    return "icmp-flood";
  }

  @Override
  public Detector create(DetectorContext context) {
    return new IcmpFloodDetector(context);
  }
}
