package io.netsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.HostAndPort;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitersTest {
  private final MutableClock clock = new MutableClock(TestServer.START);

  @Test
  void alertRateIsFiftyPerFiveSecondsCountedPerAlert() {
    AlertRateLimiter rate = new AlertRateLimiter(clock, 50, Duration.ofSeconds(5));
    for (int i = 0; i < 50; i++) {
      assertThat(rate.tryAcquire("a", 1)).as("alert %d", i).isZero();
    }
    assertThat(rate.tryAcquire("a", 1)).isEqualTo(1);
    assertThat(rate.tryAcquire("b", 50)).isZero();
    clock.advance(Duration.ofMillis(100));
    assertThat(rate.tryAcquire("a", 1)).isZero();
    assertThat(rate.tryAcquire("a", 1)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(rate.tryAcquire("a", 50)).isZero();
    assertThat(rate.tryAcquire("a", 10)).as("1 s of allowance needed").isEqualTo(1);
    assertThat(rate.tryAcquire("a", 30)).isEqualTo(3);
  }

  @Test
  void failureLimiterBlocksAKeyForTheRestOfItsWindow() {
    FailureLimiter f = new FailureLimiter(clock, 3, Duration.ofMinutes(1));
    for (int i = 0; i < 3; i++) {
      assertThat(f.blockedForSeconds("ip")).isZero();
      f.recordFailure("ip");
    }
    assertThat(f.blockedForSeconds("ip")).isEqualTo(60);
    assertThat(f.blockedForSeconds("other")).isZero();
    clock.advance(Duration.ofSeconds(30));
    assertThat(f.blockedForSeconds("ip")).isEqualTo(30);
    clock.advance(Duration.ofSeconds(30));
    assertThat(f.blockedForSeconds("ip")).isZero();
  }

  @Test
  void threatLevelFollowsTheDocumentedScores() {
    assertThat(ThreatLevel.of(ThreatLevel.score(Map.of()))).isEqualTo(ThreatLevel.NORMAL);
    assertThat(ThreatLevel.of(ThreatLevel.score(Map.of("LOW", 1L)))).isEqualTo(ThreatLevel.ELEVATED);
    assertThat(ThreatLevel.of(ThreatLevel.score(Map.of("HIGH", 1L)))).isEqualTo(ThreatLevel.MODERATE);
    assertThat(ThreatLevel.of(ThreatLevel.score(Map.of("CRITICAL", 1L)))).isEqualTo(ThreatLevel.MODERATE);
    assertThat(ThreatLevel.of(ThreatLevel.score(Map.of("HIGH", 3L)))).isEqualTo(ThreatLevel.HIGH);
    assertThat(ThreatLevel.of(ThreatLevel.score(Map.of("CRITICAL", 4L)))).isEqualTo(ThreatLevel.CRITICAL);
    assertThat(ThreatLevel.of(ThreatLevel.score(Map.of("MEDIUM", 33L, "LOW", 1L)))).isEqualTo(ThreatLevel.CRITICAL);
  }

  @Test
  void sameOriginNeedsHttpsAndTheExactHostAndPort() {
    HostAndPort host = HostAndPort.authority("sensor.example", 8443);
    assertThat(StreamApi.sameOrigin("https://sensor.example:8443", host)).isTrue();
    assertThat(StreamApi.sameOrigin("https://SENSOR.example:8443", host)).isTrue();
    assertThat(StreamApi.sameOrigin("https://sensor.example", host)).isFalse();
    assertThat(StreamApi.sameOrigin("http://sensor.example:8443", host)).isFalse();
    assertThat(StreamApi.sameOrigin("https://sensor.example.evil:8443", host)).isFalse();
    assertThat(StreamApi.sameOrigin("null", host)).isFalse();
    assertThat(StreamApi.sameOrigin(null, host)).isFalse();
    assertThat(StreamApi.sameOrigin("https://sensor.example", HostAndPort.authority("sensor.example", -1))).isTrue();
  }

  @Test
  void ipFieldsTakeLiteralsOnlyWithoutLookingAnythingUp() {
    for (String ok : new String[] {"10.0.0.1", "255.255.255.255", "2001:db8::1", "::1", "fe80::1%eth0",
        "::ffff:192.0.2.1"}) {
      assertThat(FieldRules.ip("ip", ok)).isEqualTo(ok);
    }
    for (String bad : new String[] {"1.2.3.999", "1.2.3", "example.com", "localhost", "1.2.3.4%eth0", "::gg",
        "1:2:3:4:5:6:7:8:9", "", " 10.0.0.1"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> FieldRules.ip("ip", bad)).as(bad)
          .isInstanceOf(ApiException.class).hasMessageContaining("ip: not an IP address");
    }
  }
}
