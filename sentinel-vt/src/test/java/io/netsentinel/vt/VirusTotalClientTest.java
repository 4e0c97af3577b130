package io.netsentinel.vt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VirusTotalClientTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  @TempDir Path dir;
  private VirusTotalClient client;

  @BeforeEach
  void setUp() {
    TestConfig c = new TestConfig(server.url("/api/v3/").toString().replaceAll("/$", ""), dir);
    c.callTimeout = Duration.ofSeconds(3);
    client = new VirusTotalClient(c.build());
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  @ParameterizedTest(name = "{0} malicious, {1} suspicious, reputation {2} -> {3}")
  @CsvSource({
    "12, 1, -60, CRITICAL",
    "9, 0, 0, CRITICAL",
    "8, 0, 0, HIGH",
    "3, 0, 5, HIGH",
    "2, 5, 0, MEDIUM",
    "0, 7, 0, MEDIUM",
    "1, 4, -11, LOW",
    "0, 0, -50, LOW",
    "2, 4, -10, NONE",
    "0, 0, 523, NONE"
  })
  void readsAnIpAddressObjectIntoTheSeverityItDeserves(int malicious, int suspicious, int reputation, String expected)
      throws Exception {
    server.enqueue(json(200, VtBodies.ip("198.51.100.7", malicious, suspicious, 61, 20, reputation)));

    LookupOutcome outcome = client.lookup(IndicatorKind.IP, "198.51.100.7");

    assertThat(outcome).isInstanceOf(LookupOutcome.Found.class);
    Verdict v = ((LookupOutcome.Found) outcome).verdict();
    assertThat(v).isEqualTo(new Verdict(malicious, suspicious, 61, 20, 0, reputation));
    assertThat(v.severity()).isEqualTo(expected.equals("NONE") ? null : Severity.valueOf(expected));
    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v3/ip_addresses/198.51.100.7");
    assertThat(request.getHeaders().get("x-apikey")).isEqualTo(TestConfig.KEY);
  }

  @ParameterizedTest(name = "{0} malicious, {1} suspicious, reputation {2} -> {3}")
  @CsvSource({
    "15, 2, -80, CRITICAL",
    "4, 0, 0, HIGH",
    "0, 5, 0, MEDIUM",
    "0, 0, -25, LOW",
    "0, 0, 0, NONE"
  })
  void readsADomainObjectIntoTheSeverityItDeserves(int malicious, int suspicious, int reputation, String expected)
      throws Exception {
    server.enqueue(json(200, VtBodies.domain("evil.example.net", malicious, suspicious, 55, 30, reputation)));

    LookupOutcome outcome = client.lookup(IndicatorKind.DOMAIN, "evil.example.net");

    assertThat(outcome).isInstanceOfSatisfying(LookupOutcome.Found.class, f -> {
      assertThat(f.verdict().malicious()).isEqualTo(malicious);
      assertThat(f.verdict().suspicious()).isEqualTo(suspicious);
      assertThat(f.verdict().reputation()).isEqualTo(reputation);
      assertThat(f.verdict().severity()).isEqualTo(expected.equals("NONE") ? null : Severity.valueOf(expected));
    });
    assertThat(server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath())
        .isEqualTo("/api/v3/domains/evil.example.net");
  }

  @Test
  void asksForAnIpv6AddressAsOnePathSegment() throws Exception {
    server.enqueue(json(200, VtBodies.ip("2a00:1450:4001:80b::200e", 0, 0, 60, 20, 0)));

    assertThat(client.lookup(IndicatorKind.IP, "2a00:1450:4001:80b::200e")).isInstanceOf(LookupOutcome.Found.class);
    assertThat(server.takeRequest(1, TimeUnit.SECONDS).getUrl().pathSegments())
        .containsExactly("api", "v3", "ip_addresses", "2a00:1450:4001:80b::200e");
  }

  @Test
  void aNotFoundErrorIsNotFound() {
    server.enqueue(json(404, VtBodies.notFound("Domain \\\"nx.example.org\\\"")));

    assertThat(client.lookup(IndicatorKind.DOMAIN, "nx.example.org")).isEqualTo(new LookupOutcome.NotFound(404));
  }

  @Test
  void wrongCredentialsAndForbiddenAreRejections() {
    server.enqueue(json(401, VtBodies.wrongCredentials()));
    server.enqueue(json(403, VtBodies.error("ForbiddenError", "You are not allowed to perform the requested operation")));

    assertThat(client.lookup(IndicatorKind.IP, "198.51.100.7"))
        .isEqualTo(new LookupOutcome.Rejected(401, "WrongCredentialsError", "Wrong API key"));
    assertThat(client.lookup(IndicatorKind.IP, "198.51.100.7"))
        .isInstanceOfSatisfying(LookupOutcome.Rejected.class, r -> assertThat(r.status()).isEqualTo(403));
  }

  @Test
  void quotaExceededIsRateLimitedWithTheRetryAfterHeaderWhenThereIsOne() {
    server.enqueue(json(429, VtBodies.quotaExceeded()));
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "17")
        .body(VtBodies.quotaExceeded()).build());

    assertThat(client.lookup(IndicatorKind.IP, "198.51.100.7"))
        .isEqualTo(new LookupOutcome.RateLimited("QuotaExceededError", "Quota exceeded", -1));
    assertThat(client.lookup(IndicatorKind.IP, "198.51.100.7"))
        .isEqualTo(new LookupOutcome.RateLimited("QuotaExceededError", "Quota exceeded", 17));
  }

  @Test
  void aServiceUnavailableAnswerIsTransient() {
    server.enqueue(json(503, VtBodies.transientError()));

    assertThat(client.lookup(IndicatorKind.IP, "198.51.100.7")).isInstanceOfSatisfying(LookupOutcome.Transient.class,
        t -> assertThat(t.reason()).contains("503").contains("TransientError"));
  }

  @Test
  void aResponseSlowerThanTheCallTimeoutIsTransient() {
    server.enqueue(new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS)
        .body(VtBodies.ip("198.51.100.7", 12, 0, 50, 20, -40)).build());

    TestConfig c = new TestConfig(server.url("/api/v3").toString(), dir);
    c.callTimeout = Duration.ofMillis(300);
    long started = System.nanoTime();
    LookupOutcome outcome;
    try (VirusTotalClient impatient = new VirusTotalClient(c.build())) {
      outcome = impatient.lookup(IndicatorKind.IP, "198.51.100.7");
    }

    assertThat(outcome).isInstanceOf(LookupOutcome.Transient.class);
    assertThat(System.nanoTime() - started).isLessThan(TimeUnit.MILLISECONDS.toNanos(1_500));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "<html><body>Bad gateway</body></html>",
        "{\"data\": [] }",
        "{\"data\": {\"id\": \"198.51.100.7\", \"type\": \"ip_address\"}}",
        "{\"data\": {\"type\": \"domain\", \"attributes\": {\"last_analysis_stats\": {\"malicious\": 3}}}}",
        "{\"data\": {\"attributes\": {\"last_analysis_stats\": {\"malicious\": \"many\"}}}}",
        "{\"data\": {\"attributes\": {\"last_analysis_stats\": [1, 2, 3]}}}",
        "{\"data\": {\"attributes\": {\"last_analysis_stats\": {\"malicious\": -4}}}}",
        "{\"data\": {\"attributes\": {\"reputation\": 1.5}}}",
        "{\"data\": {\"attributes\": {\"last_analysis",
        "null"
      })
  void garbageIsMalformed(String body) {
    server.enqueue(json(200, body));

    assertThat(client.lookup(IndicatorKind.IP, "198.51.100.7")).isInstanceOf(LookupOutcome.Malformed.class);
  }

  @Test
  void anEmptyObjectWithoutStatsYetIsCleanNotMalformed() {
    server.enqueue(json(200, "{\"data\": {\"id\": \"198.51.100.7\", \"type\": \"ip_address\", \"attributes\": {}}}"));

    assertThat(client.lookup(IndicatorKind.IP, "198.51.100.7"))
        .isEqualTo(new LookupOutcome.Found(new Verdict(0, 0, 0, 0, 0, 0)));
  }

  @Test
  void aConnectionThatCannotBeMadeIsTransientAndNeverReachedTheServer() throws Exception {
    String url = server.url("/api/v3").toString();
    server.close();
    TestConfig c = new TestConfig(url, dir);
    try (VirusTotalClient closed = new VirusTotalClient(c.build())) {
      assertThat(closed.lookup(IndicatorKind.IP, "198.51.100.7")).isInstanceOfSatisfying(LookupOutcome.Transient.class,
          t -> assertThat(t.reachedServer()).isFalse());
    }
  }

  @Test
  void aServerErrorReachedTheServer() {
    server.enqueue(json(502, "<html>Bad Gateway</html>"));

    assertThat(client.lookup(IndicatorKind.IP, "198.51.100.7")).isEqualTo(new LookupOutcome.Transient("HTTP 502", true));
  }

  @Test
  void redactsTheKeyFromAnyText() {
    assertThat(client.redact("bad key " + TestConfig.KEY + " here")).isEqualTo("bad key [redacted] here");
  }
}
