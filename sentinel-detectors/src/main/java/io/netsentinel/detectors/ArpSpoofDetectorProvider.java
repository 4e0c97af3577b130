package io.netsentinel.detectors;

import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.DetectorProvider;

/** Detector {@code arp-spoof}; see {@link ArpSpoofDetector} for the rule. */
public final class ArpSpoofDetectorProvider implements DetectorProvider {
  @Override
  public String id() {
    return "arp-spoof";
  }

  @Override
  public Detector create(DetectorContext context) {
    return new ArpSpoofDetector(context);
  }
}
