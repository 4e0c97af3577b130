package io.netsentinel.vt;

import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.DetectorProvider;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * Detector {@code vt-ip} (category {@code VT_MALICIOUS_IP}): looks up, on VirusTotal, the public addresses that
 * internal hosts contact, and alerts when VirusTotal flags one. Inactive without {@code virustotal_api_key}.
 */
public final class VirusTotalIpDetectorProvider implements DetectorProvider {
  private final Clock clock;
  private final UnaryOperator<VtConfig> tune;
  private final AtomicBoolean inactiveReported = new AtomicBoolean();

  public VirusTotalIpDetectorProvider() {
    this(Clock.systemUTC(), UnaryOperator.identity());
  }

  /** With another clock, and adjusted settings (tests point it at a mock and shorten its timeouts). */
  VirusTotalIpDetectorProvider(Clock clock, UnaryOperator<VtConfig> tune) {
    this.clock = clock;
    this.tune = tune;
  }

  @Override
  public String id() {
    return "vt-ip";
  }

  @Override
  public Detector create(DetectorContext context) {
    return VirusTotalDetectors.create(IndicatorKind.IP, context, clock, tune, inactiveReported);
  }
}
