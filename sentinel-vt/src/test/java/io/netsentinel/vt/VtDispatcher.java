package io.netsentinel.vt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A scripted VirusTotal: answers per {@code collection/indicator} (the last answer repeats), a 404 NotFoundError for
 * anything else, and a record of what was asked in order.
 */
final class VtDispatcher extends Dispatcher {
  private final Map<String, Deque<MockResponse>> scripted = new ConcurrentHashMap<>();
  private final List<String> asked = Collections.synchronizedList(new ArrayList<>());
  private final List<String> keys = Collections.synchronizedList(new ArrayList<>());
  private volatile MockResponse fallback = json(404, VtBodies.notFound("Resource"));

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  static MockResponse slow(MockResponse response, long millis) {
    return response.newBuilder().headersDelay(millis, TimeUnit.MILLISECONDS).build();
  }

  VtDispatcher answer(String key, MockResponse... responses) {
    scripted.put(key, new ArrayDeque<>(List.of(responses)));
    return this;
  }

  VtDispatcher ip(String ip, int malicious, int suspicious, int reputation) {
    return answer("ip_addresses/" + ip, json(200, VtBodies.ip(ip, malicious, suspicious, 60, 20, reputation)));
  }

  VtDispatcher domain(String name, int malicious, int suspicious, int reputation) {
    return answer("domains/" + name, json(200, VtBodies.domain(name, malicious, suspicious, 60, 20, reputation)));
  }

  VtDispatcher otherwise(MockResponse response) {
    fallback = response;
    return this;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    List<String> segments = request.getUrl().pathSegments();
    String key = segments.size() >= 2
        ? segments.get(segments.size() - 2) + "/" + segments.get(segments.size() - 1)
        : request.getUrl().encodedPath();
    asked.add(key);
    String apiKey = request.getHeaders().get("x-apikey");
    keys.add(apiKey == null ? "" : apiKey);
    Deque<MockResponse> answers = scripted.get(key);
    if (answers == null) {
      return fallback;
    }
    synchronized (answers) {
      return answers.size() > 1 ? answers.poll() : answers.peek();
    }
  }

  /** The {@code collection/indicator} of every request so far, in order. */
  List<String> asked() {
    synchronized (asked) {
      return List.copyOf(asked);
    }
  }

  int count(String key) {
    return (int) asked().stream().filter(key::equals).count();
  }

  /** The x-apikey header of every request so far. */
  List<String> apiKeys() {
    synchronized (keys) {
      return List.copyOf(keys);
    }
  }
}
