package io.netsentinel.detectors;

import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.DetectorProvider;

/** Detector {@code data-exfil}; see {@link DataExfilDetector} for the rule. */
public final class DataExfilDetectorProvider implements DetectorProvider {
  @Override
  public String id() {
    return "data-exfil";
  }

  @Override
  public Detector create(DetectorContext context) {
    return new DataExfilDetector(context);
  }
}
