package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.capture.NetnsLabExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VirusTotal verdict that arrives while the link is quiet is reported at once, not with the next packet or at the
 * end of the run: the live source reports the idle link and the engine lets time pass for the detectors.
 */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class AgentLiveVirusTotalTest {
  private static final String KEY = "vt-live-key-0123456789";
  private static final long VERDICT_DELAY_MILLIS = 1_500;

  @RegisterExtension final NetnsLabExtension netns = new NetnsLabExtension();
  @TempDir Path dir;
  private final MockWebServer vt = new MockWebServer();

  @AfterEach
  void stop() {
    vt.close();
  }

  /** One DNS query for {@code name} from the namespace to the host, through a raw UDP socket (perl-base). */
  private void dnsQuery(String name) throws Exception {
    Process p = new ProcessBuilder("ip", "netns", "exec", netns.lab().namespace, "perl", "-e",
        "use Socket; socket(my $s, PF_INET, SOCK_DGRAM, 17) or die $!;"
            + " my $q = pack('nnnnnn', 0x1234, 0x0100, 1, 0, 0, 0);"
            + " $q .= pack('C', length $_) . $_ for split /\\./, $ARGV[1]; $q .= pack('Cnn', 0, 1, 1);"
            + " send($s, $q, 0, sockaddr_in(53, inet_aton($ARGV[0]))) or die $!;",
        netns.lab().hostIp, name).redirectErrorStream(true).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
  }

  @Test
  void aVerdictThatArrivesOnAQuietLinkIsReportedBeforeTheRunEnds() throws Exception {
    vt.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
        Thread.sleep(VERDICT_DELAY_MILLIS); // the verdict comes after the only packet
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
            .body("{\"data\":{\"id\":\"c2.bad-example.net\",\"type\":\"domain\",\"attributes\":{"
                + "\"last_analysis_date\":1700000000,\"last_analysis_stats\":{\"harmless\":60,\"malicious\":12,"
                + "\"suspicious\":0,\"undetected\":10,\"timeout\":0},\"reputation\":-60}}}")
            .build();
      }
    });
    vt.start();
    Path config = dir.resolve("sentinel_config.json");
    Files.writeString(config, "{\"virustotal_api_key\": \"" + KEY + "\", \"virustotal_base_url\": \""
        + vt.url("/api/v3") + "\", \"virustotal_requests_per_minute\": 600, \"data_dir\": \"state\"}");
    Path eve = dir.resolve("eve.json");
    int duration = 12;
    CompletableFuture<AgentCommandTest.Result> run = CompletableFuture.supplyAsync(() -> AgentCommandTest.agent(
        "--iface", netns.lab().hostIface, "--filter", "udp port 53", "--duration", String.valueOf(duration),
        "--config", config.toString(), "--detectors", "vt-domain", "--eve", eve.toString(), "--json", "--quiet",
        "--http-port", "0", "--no-event-log", "--no-tray"));
    Thread.sleep(1_500); // the capture is open
    long sent = System.nanoTime();
    dnsQuery("c2.bad-example.net");

    long deadline = sent + TimeUnit.SECONDS.toNanos(duration - 4);
    boolean reported = false;
    while (!reported && System.nanoTime() < deadline) {
      Thread.sleep(100);
      reported = Files.exists(eve) && Files.readString(eve).contains("\"VT_MALICIOUS_DOMAIN\"");
    }
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
    assertThat(reported).as("the alert is in eve.json while the capture still runs, with no packet after the query")
        .isTrue();
    assertThat(run).as("the run is still going").isNotDone();
    assertThat(tookMillis).isBetween(VERDICT_DELAY_MILLIS, TimeUnit.SECONDS.toMillis(duration - 4));

    AgentCommandTest.Result r = run.get(30, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines()).filteredOn(l -> l.contains("\"event_type\":\"alert\"")).singleElement().asString()
        .contains("c2.bad-example.net").contains("\"src_ip\":\"" + netns.lab().peerIp + "\"");
  }
}
