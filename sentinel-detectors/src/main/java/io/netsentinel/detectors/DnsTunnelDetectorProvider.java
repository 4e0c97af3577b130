package io.netsentinel.detectors;

import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.DetectorProvider;

/** Detector {@code dns-tunnel}; see {@link DnsTunnelDetector} for the rule. */
public final class DnsTunnelDetectorProvider implements DetectorProvider {
  @Override
  public String id() {
    return "dns-tunnel";
  }

  @Override
  public Detector create(DetectorContext context) {
    return new DnsTunnelDetector(context);
  }
}
