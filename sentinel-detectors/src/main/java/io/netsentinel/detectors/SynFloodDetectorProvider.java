package io.netsentinel.detectors;

import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.DetectorProvider;

/** Detector {@code syn-flood}; see {@link SynFloodDetector} for the rule. */
public final class SynFloodDetectorProvider implements DetectorProvider {
  @Override
  public String id() {
    return "syn-flood";
  }

  @Override
  public Detector create(DetectorContext context) {
    return new SynFloodDetector(context);
  }
}
