package io.netsentinel.testkit.junit;

import io.netsentinel.api.Alert;
import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorProvider;
import io.netsentinel.api.PacketSource;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.Settings;
import io.netsentinel.capture.CaptureFiles;
import io.netsentinel.engine.PipelineStats;
import io.netsentinel.engine.Sentinel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.helpers.NOPLogger;

/**
 * Runs one detector (or a few) over packets through the real engine, with the real cooldown, and collects the
 * alerts.
 *
 * <pre>{@code
 * DetectorHarness.Result r = DetectorHarness.of(new MyProvider()).setting("my_threshold", 3).run(source);
 * assertThat(r.sources("MY_CATEGORY")).containsExactly("10.0.0.5");
 * }</pre>
 */
public final class DetectorHarness {
  private final List<DetectorProvider> providers;
  private Settings settings = Settings.empty();
  private final Map<String, Object> overrides = new LinkedHashMap<>();
  private int keep = Integer.MAX_VALUE;

  private DetectorHarness(List<DetectorProvider> providers) {
    this.providers = providers;
  }

  public static DetectorHarness of(DetectorProvider... providers) {
    return new DetectorHarness(List.of(providers));
  }

  /** Base settings (default: every key at its default). */
  public DetectorHarness settings(Settings value) {
    settings = value;
    return this;
  }

  /** One setting on top of the base, validated as if it came from a config file. */
  public DetectorHarness setting(String key, Object value) {
    overrides.put(key, value);
    return this;
  }

  /**
   * Keeps only the first {@code max} alerts in the result (the stats still count them all), for floods that would
   * otherwise fill the heap with alerts rather than test the detector.
   */
  public DetectorHarness keepAlerts(int max) {
    keep = max;
    return this;
  }

  private Settings effectiveSettings() {
    Settings s = settings;
    for (Map.Entry<String, Object> e : overrides.entrySet()) {
      s = s.with(e.getKey(), e.getValue());
    }
    return s;
  }

  public Result run(Path capture) {
    try {
      return run(CaptureFiles.open(capture, NOPLogger.NOP_LOGGER));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Result run(PacketSource source) {
    List<Alert> alerts = Collections.synchronizedList(new ArrayList<>());
    List<Detector> created = new ArrayList<>();
    PacketView[] view = new PacketView[1];
    CharSequence[] dnsName = new CharSequence[1];
    Sentinel.Builder builder = Sentinel.builder().settings(effectiveSettings()).detectors().source(source)
        .sink(alert -> {
          if (alerts.size() < keep) {
            alerts.add(alert);
          }
        });
    for (DetectorProvider p : providers) {
      builder.detector(p.id(), ctx -> {
        Detector d = p.create(ctx);
        created.add(d);
        return d;
      });
    }
    // Watches the view the engine hands out, so a contract can check that no detector keeps it.
    builder.detector("harness-view-spy", ctx -> (packet, emitter) -> {
      view[0] = packet;
      CharSequence name = packet.dnsQueryName();
      if (name != null) {
        dnsName[0] = name;
      }
    });
    PipelineStats stats;
    try (Sentinel sentinel = builder.build()) {
      stats = sentinel.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Result(List.copyOf(alerts), stats, List.copyOf(created), view[0], dnsName[0]);
  }

  /** What a run produced. */
  public record Result(
      List<Alert> alerts, PipelineStats stats, List<Detector> detectors, PacketView view, CharSequence dnsName) {

    public List<Alert> alerts(String category) {
      return alerts.stream().filter(a -> a.category().equals(category)).toList();
    }

    /** The distinct source IPs (or MACs, where an alert has no IP) of one category's alerts, sorted. */
    public Set<String> sources(String category) {
      Set<String> out = new TreeSet<>();
      for (Alert a : alerts(category)) {
        out.add(a.srcIp() != null ? a.srcIp() : String.valueOf(a.srcMac()));
      }
      return out;
    }

    /** The categories that fired, sorted. */
    public Set<String> categories() {
      Set<String> out = new TreeSet<>();
      alerts.forEach(a -> out.add(a.category()));
      return out;
    }
  }
}
