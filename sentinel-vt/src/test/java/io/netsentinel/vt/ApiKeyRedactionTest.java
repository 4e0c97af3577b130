package io.netsentinel.vt;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.netsentinel.api.IpRange;
import io.netsentinel.testkit.junit.DetectorHarness;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Captures every log event of the JVM at TRACE while VirusTotal misbehaves in every way, and looks for the key. */
class ApiKeyRedactionTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  @TempDir Path dir;
  private final VtDispatcher vt = new VtDispatcher();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger detectors = (Logger) LoggerFactory.getLogger("io.netsentinel.detector");
  private final ListAppender<ILoggingEvent> all = new ListAppender<>();
  private Level rootLevel;
  private Level detectorsLevel;

  @BeforeEach
  void captureEverything() {
    server.setDispatcher(vt);
    rootLevel = root.getLevel();
    detectorsLevel = detectors.getLevel();
    root.setLevel(Level.TRACE);
    detectors.setLevel(Level.TRACE);
    all.start();
    root.addAppender(all);
  }

  @AfterEach
  void restore() {
    root.detachAppender(all);
    root.setLevel(rootLevel);
    detectors.setLevel(detectorsLevel);
  }

  private static String everything(ILoggingEvent e) {
    StringBuilder text = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
    if (e.getArgumentArray() != null) {
      text.append(' ').append(Arrays.deepToString(e.getArgumentArray()));
    }
    if (e.getThrowableProxy() != null) {
      text.append(' ').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
    }
    text.append(' ').append(e.getMDCPropertyMap());
    return text.toString();
  }

  @Test
  void theKeyNeverAppearsInTheLogWhateverVirusTotalAnswers() {
    // A server that echoes the key back in its error messages, as a misconfigured proxy might.
    String echo = "key " + TestConfig.KEY + " rejected";
    vt.otherwise(VtDispatcher.json(401, VtBodies.error("WrongCredentialsError", echo)));
    Traffic t = new Traffic()
        .at(0, Traffic.syn("10.0.0.5", "185.220.101.4", 443))
        .at(1, Traffic.query("10.0.0.5", "10.0.0.53", "malware-c2.example.net"));
    DetectorHarness.of(new VirusTotalIpDetectorProvider(), new VirusTotalDomainDetectorProvider())
        .setting("virustotal_api_key", TestConfig.KEY)
        .setting("virustotal_base_url", server.url("/api/v3").toString())
        .setting("data_dir", dir.toString())
        .run(t.source());

    vt.otherwise(VtDispatcher.json(503, VtBodies.error("TransientError", echo)))
        .answer("ip_addresses/198.51.100.4", VtDispatcher.json(429, VtBodies.error("QuotaExceededError", echo)))
        .answer("ip_addresses/198.51.100.2", VtDispatcher.json(200, "{\"data\": \"" + TestConfig.KEY + "\"}"))
        .answer("ip_addresses/198.51.100.3", VtDispatcher.slow(VtDispatcher.json(200, "{}"), 1_000));
    TestConfig c = new TestConfig(server.url("/api/v3").toString(), dir.resolve("second"));
    c.attempts = 2;
    c.callTimeout = Duration.ofMillis(200);
    Counters counters = TestConfig.counters();
    Logger serviceLog = (Logger) LoggerFactory.getLogger("io.netsentinel.detector.vt-ip");
    try (LookupService s = LookupService.start(IndicatorKind.IP, c.build(), Clock.systemUTC(), serviceLog, "vt-ip",
        counters)) {
      serviceLog.info("configuration: {}", c.build());
      IpRange src = IpRange.parse("10.0.0.5");
      for (String ip : List.of("198.51.100.1", "198.51.100.2", "198.51.100.3")) {
        IpRange dst = IpRange.parse(ip);
        s.queue().offer(src.hi(), src.lo(), dst.hi(), dst.lo(), 443, 6, 1, null, 0);
      }
      // 503 twice, an unreadable body, a timeout twice.
      Await.until("the failures", () -> counters.errors().sum() == 5 && s.idle());
      IpRange limited = IpRange.parse("198.51.100.4");
      s.queue().offer(src.hi(), src.lo(), limited.hi(), limited.lo(), 443, 6, 1, null, 0);
      Await.until("the 429", () -> all.list.stream().anyMatch(e -> e.getFormattedMessage().contains("429")));
    }
    DetectorHarness.of(new VirusTotalIpDetectorProvider(Clock.systemUTC(), cfg -> cfg))
        .setting("virustotal_api_key", TestConfig.KEY)
        .setting("virustotal_base_url", "http://virustotal.invalid/api/v3")
        .setting("data_dir", dir.resolve("third").toString())
        .setting("virustotal_drain_timeout_s", 0)
        .run(new Traffic().source());
    DetectorHarness.of(new VirusTotalDomainDetectorProvider()).run(new Traffic().source());

    assertThat(all.list).extracting(ILoggingEvent::getLevel).contains(Level.ERROR, Level.WARN, Level.INFO);
    assertThat(all.list).filteredOn(e -> e.getLevel() == Level.ERROR)
        .as("one refused-key line per detector").hasSize(2)
        .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("refused the API key"));
    assertThat(all.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("[redacted]"));
    assertThat(all.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("plain http"));
    assertThat(all.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("inactive"));
    assertThat(all.list).allSatisfy(e -> assertThat(everything(e)).doesNotContain(TestConfig.KEY));
    assertThat(vt.apiKeys()).isNotEmpty().containsOnly(TestConfig.KEY);
  }
}
