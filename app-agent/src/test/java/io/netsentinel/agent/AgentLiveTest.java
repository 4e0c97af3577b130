package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.capture.NetnsLab;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent capturing live on a veth whose peer is in a network namespace we create. Needs root and {@code ip}. */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class AgentLiveTest {
  private NetnsLab lab;

  @BeforeEach
  void createNamespace() throws Exception {
    String reason = NetnsLab.unavailableReason();
    Assumptions.assumeTrue(reason == null, () -> "skipped: " + reason);
    lab = NetnsLab.create();
  }

  @AfterEach
  void deleteNamespace() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void capturesLiveForTheGivenDurationAndReportsTheNamespacesSweep() throws Exception {
    CompletableFuture<AgentCommandTest.Result> run = CompletableFuture.supplyAsync(
        () -> AgentCommandTest.agent("--iface", lab.hostIface, "--duration", "4", "--json", "--quiet"));
    Thread.sleep(1_000);
    lab.synSweep(4000, 20);
    AgentCommandTest.Result r = run.get(30, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.err()).isZero();
    String stats = r.lines().get(r.lines().size() - 1);
    assertThat(stats).startsWith("{\"event_type\":\"stats\"");
    assertThat(r.lines()).anySatisfy(l -> assertThat(l).contains("\"category\":\"PORT_SCAN\"")
        .contains("\"src_ip\":\"" + lab.peerIp + "\""));
  }
}
