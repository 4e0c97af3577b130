package io.netsentinel.vt;

import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorContext;
import io.netsentinel.api.DetectorProvider;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * Detector {@code vt-domain} (category {@code VT_MALICIOUS_DOMAIN}): looks up, on VirusTotal, every name asked in a
 * DNS query, and alerts when VirusTotal flags one. Inactive without {@code virustotal_api_key}.
 */
public final class VirusTotalDomainDetectorProvider implements DetectorProvider {
  private final Clock clock;
  private final UnaryOperator<VtConfig> tune;
  private final AtomicBoolean inactiveReported = new AtomicBoolean();

  public VirusTotalDomainDetectorProvider() {
    this(Clock.systemUTC(), UnaryOperator.identity());
  }

  /** With another clock, and adjusted settings (tests point it at a mock and shorten its timeouts). */
  VirusTotalDomainDetectorProvider(Clock clock, UnaryOperator<VtConfig> tune) {
    this.clock = clock;
    this.tune = tune;
  }

  @Override
  public String id() {
    return "vt-domain";
  }

  @Override
  public Detector create(DetectorContext context) {
    return VirusTotalDetectors.create(IndicatorKind.DOMAIN, context, clock, tune, inactiveReported);
  }
}
