package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netsentinel.capture.NetnsLabExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The agent capturing live on a veth whose peer is in a network namespace we create. Needs root and {@code ip}. */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class AgentLiveTest {
  @RegisterExtension final NetnsLabExtension netns = new NetnsLabExtension();

  @Test
  void capturesLiveForTheGivenDurationAndReportsTheNamespacesSweep() throws Exception {
    CompletableFuture<AgentCommandTest.Result> run = CompletableFuture.supplyAsync(
        () -> AgentCommandTest.agent("--iface", netns.lab().hostIface, "--duration", "4", "--json", "--quiet"));
    Thread.sleep(1_000);
    netns.lab().synSweep(4000, 20);
    AgentCommandTest.Result r = run.get(30, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.err()).isZero();
    String stats = r.lines().get(r.lines().size() - 1);
    assertThat(stats).startsWith("{\"event_type\":\"stats\"");
    // A live run reports the capture's drop counters (the kernel's and the interface's), unlike a file.
    assertThat(stats).containsPattern("\"kernel_dropped\":\\d+").containsPattern("\"interface_dropped\":\\d+");
    assertThat(r.lines()).anySatisfy(l -> assertThat(l).contains("\"category\":\"PORT_SCAN\"")
        .contains("\"src_ip\":\"" + netns.lab().peerIp + "\""));
  }

  @Test
  void servesHealthAndPrometheusMetricsOnLoopbackWhileCapturing() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CompletableFuture<AgentCommandTest.Result> run = CompletableFuture.supplyAsync(() -> AgentCommandTest.agent(
        "--iface", netns.lab().hostIface, "--duration", "8", "--json", "--quiet", "--http-port", String.valueOf(port)));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI base = URI.create("http://127.0.0.1:" + port);
    String health = null;
    for (int i = 0; i < 40 && health == null; i++) {
      try {
        health = http.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    assertThat(health).as("/healthz answered").isNotNull().matches("\\{\"status\":\"ok\",\"packets\":\\d+}");
    netns.lab().synSweep(4000, 20);
    String metrics = "";
    for (int i = 0; i < 40 && !metrics.contains("category=\"PORT_SCAN\""); i++) {
      Thread.sleep(100);
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      metrics = r.body();
    }
    for (String line : metrics.split("\n")) {
      assertThat(line).matches("# (HELP|TYPE) netsentinel_\\w+ .+|netsentinel_\\w+(\\{(\\w+=\"[^\"]*\",?)+})? -?\\d+");
    }
    assertThat(value(metrics, "netsentinel_packets_total")).isPositive();
    assertThat(value(metrics, "netsentinel_kernel_dropped_total")).isNotNegative();
    assertThat(value(metrics, "netsentinel_alerts_total{category=\"PORT_SCAN\"}")).isPositive();
    assertThat(value(metrics, "netsentinel_alerts_dropped_total")).isZero();
    // Plugin counters and gauges have their own families (their series depend on the plugins loaded).
    assertThat(metrics).contains("# TYPE netsentinel_plugin_counter_total counter");
    AgentCommandTest.Result r = run.get(30, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void aTakenHttpPortIsAWarningAndTheCaptureRunsAnyway() throws Exception {
    // The warning is logged (to the JVM's stderr, which this in-process run does not capture): listen to the logger.
    ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(AgentRun.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    log.addAppender(logged);
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AgentCommandTest.Result r = AgentCommandTest.agent("--iface", netns.lab().hostIface, "--duration", "2", "--json",
          "--quiet", "--http-port", String.valueOf(taken.getLocalPort()));
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.lines().get(r.lines().size() - 1)).startsWith("{\"event_type\":\"stats\"");
      assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(m -> assertThat(m)
          .startsWith("cannot serve /healthz and /metrics on 127.0.0.1:" + taken.getLocalPort() + ": "));
    } finally {
      log.detachAppender(logged);
    }
  }

  private static long value(String metrics, String series) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Long.parseLong(line.substring(series.length() + 1));
      }
    }
    throw new AssertionError(series + " missing from:\n" + metrics);
  }
}
