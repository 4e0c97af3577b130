package io.netsentinel.detectors;

import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.DetectorProvider;

/** Detector {@code port-scan}; see {@link PortScanDetector} for the rule. */
public final class PortScanDetectorProvider implements DetectorProvider {
  @Override
  public String id() {
    return "port-scan";
  }

  @Override
  public Detector create(DetectorContext context) {
    return new PortScanDetector(context);
  }
}
