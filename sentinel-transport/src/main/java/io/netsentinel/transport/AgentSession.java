package io.netsentinel.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;

/**
 * The agent's identity on the server: it registers once ({@code POST /api/v1/agents/register}), keeps the {@code
 * agent_id} the server gives in {@code data_dir/agent_id} so a restart keeps it, sends heartbeats ({@code POST
 * /api/v1/agents/{id}/heartbeat}) and registers again when the server no longer knows the id (404).
 */
public final class AgentSession {
  static final MediaType JSON = MediaType.get("application/json");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** What the agent tells the server about itself. */
  public record Identity(String hostname, String os, String ip, String version) {}

  private final OkHttpClient client;
  private final String url;
  private final String apiKey;
  private final Path idFile;
  private final Identity identity;
  private final Logger log;
  private final ObjectMapper json = new ObjectMapper();
  private volatile String agentId;

  AgentSession(OkHttpClient client, String url, String apiKey, Path idFile, Identity identity, Logger log) {
    this.client = client;
    this.url = url;
    this.apiKey = apiKey;
    this.idFile = idFile;
    this.identity = identity;
    this.log = log;
    this.agentId = readId();
  }

  private String readId() {
    try {
      String id = Files.readString(idFile, StandardCharsets.UTF_8).trim();
      return ID.matcher(id).matches() ? id : null;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      log.warn("cannot read {}: {}; registering afresh", idFile, e.getMessage());
      return null;
    }
  }

  /** The agent id, registering first when there is none. */
  public String agentId() throws IOException {
    String id = agentId;
    if (id != null) {
      return id;
    }
    synchronized (this) {
      // The heartbeat and the sender may both find no id: one of them registers, the other gets its id.
      return agentId != null ? agentId : register();
    }
  }

  /** Registers (again), keeping the previous id as a hint, and persists the id the server gives. */
  public synchronized String register() throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("hostname", identity.hostname());
    body.put("os", identity.os());
    body.put("ip", identity.ip());
    body.put("version", identity.version());
    if (agentId != null) {
      body.put("agent_id", agentId);
    }
    Request request = new Request.Builder()
        .url(url + "/api/v1/agents/register")
        .header("X-API-Key", apiKey)
        .post(RequestBody.create(json.writeValueAsBytes(body), JSON))
        .build();
    try (Response response = client.newCall(request).execute()) {
      String text = response.body().string();
      if (response.code() != 200 && response.code() != 201) {
        throw new IOException("registration refused: HTTP " + response.code() + " " + ServerErrors.message(text));
      }
      JsonNode id = json.readTree(text).path("agent_id");
      if (!id.isTextual() || !ID.matcher(id.asText()).matches()) {
        throw new IOException("registration answer has no valid agent_id: " + ServerErrors.shorten(text));
      }
      agentId = id.asText();
    }
    Files.createDirectories(idFile.toAbsolutePath().getParent());
    Files.writeString(idFile, agentId + "\n", StandardCharsets.UTF_8);
    log.info("registered with {} as agent {}", url, agentId);
    return agentId;
  }

  /** Sends one heartbeat with the agent's counters; registers again once if the server forgot the agent. */
  public void heartbeat(Map<String, ?> stats) throws IOException {
    for (int attempt = 0; attempt < 2; attempt++) {
      Request request = new Request.Builder()
          .url(url + "/api/v1/agents/" + agentId() + "/heartbeat")
          .header("X-API-Key", apiKey)
          .post(RequestBody.create(json.writeValueAsBytes(stats), JSON))
          .build();
      try (Response response = client.newCall(request).execute()) {
        if (response.isSuccessful()) {
          return;
        }
        String text = response.body().string();
        if (response.code() == 404 && attempt == 0) {
          log.info("the server does not know agent {}; registering again", agentId);
          register();
          continue;
        }
        throw new IOException("heartbeat refused: HTTP " + response.code() + " " + ServerErrors.message(text));
      }
    }
  }
}
