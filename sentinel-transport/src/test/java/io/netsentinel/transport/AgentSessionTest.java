package io.netsentinel.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentSessionTest {
  @TempDir Path dir;

  @Test
  void registersOnceKeepsItsIdAcrossRestartsAndRegistersAgainWhenForgotten() throws Exception {
    TestServer.pki(dir, List.of("localhost", "127.0.0.1"));
    LogCapture log = new LogCapture("test.session");
    try (TestServer server = new TestServer(dir, 0)) {
      TransportConfig config = TransportConfig.from(io.netsentinel.api.Settings.of(Map.of(
          "api_key", "k", "ca_cert", dir.resolve("ca.crt").toString(), "data_dir", dir.toString(),
          "url", server.url())));
      OkHttpClient client = TlsClients.create(config, log.logger());
      AgentSession.Identity me = new AgentSession.Identity("sensor-1", "Linux", "10.0.0.2", "test");
      Path idFile = dir.resolve("agent_id");
      AgentSession first = new AgentSession(client, server.url(), "k", idFile, me, log.logger());
      assertThat(first.agentId()).isEqualTo("agent-7");
      assertThat(first.agentId()).isEqualTo("agent-7");
      assertThat(server.registrations.get()).isEqualTo(1);
      AgentSession restarted = new AgentSession(client, server.url(), "k", idFile, me, log.logger());
      restarted.heartbeat(Map.of("packets", 10));
      assertThat(server.registrations.get()).isEqualTo(1);
      assertThat(server.heartbeats.get()).isEqualTo(1);
      Files.writeString(idFile, "unknown-agent\n");
      AgentSession forgotten = new AgentSession(client, server.url(), "k", idFile, me, log.logger());
      server.web.setDispatcher(new mockwebserver3.Dispatcher() {
        @Override
        public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest r) {
          if (r.getUrl().encodedPath().contains("unknown-agent")) {
            return TestServer.json(404, "{\"error\":{\"code\":\"unknown_agent\",\"message\":\"who?\"}}");
          }
          return r.getUrl().encodedPath().endsWith("register")
              ? TestServer.json(200, "{\"agent_id\":\"agent-8\"}") : TestServer.json(200, "{}");
        }
      });
      forgotten.heartbeat(Map.of("packets", 11));
      assertThat(forgotten.agentId()).isEqualTo("agent-8");
      assertThat(Files.readString(idFile).trim()).isEqualTo("agent-8");
      client.dispatcher().executorService().shutdown();
    }
    log.close();
  }
}
