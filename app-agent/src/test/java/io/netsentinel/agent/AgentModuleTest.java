package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.netsentinel.api.AlertSink;
import io.netsentinel.api.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the Guice module assembles for each kind of run. */
class AgentModuleTest {
  private static final Key<Set<AlertSink>> SINKS = Key.get(new TypeLiteral<Set<AlertSink>>() {});

  @TempDir Path dir;

  private static RunOptions options(Path read, Path eve, boolean tray, int httpPort) {
    return new RunOptions(read, true, eve, null, null, null, null, tray, httpPort, false, "https://localhost:8443/",
        false, "sensor", false, null);
  }

  private static Injector injector(RunOptions options) {
    return Guice.createInjector(
        new AgentModule(options, Settings.empty(), null, new PrintStream(new ByteArrayOutputStream(), true)));
  }

  @Test
  void anOfflineRunHasTheSummaryTheJsonLinesAndTheEveFileButNoLiveSinks() {
    Injector injector = injector(options(dir.resolve("in.pcap"), dir.resolve("eve.json"), true, 9911));
    Set<AlertSink> sinks = injector.getInstance(SINKS);
    assertThat(sinks).hasSize(3).contains(injector.getInstance(Summary.class));
    assertThat(sinks).noneMatch(s -> s instanceof TrayRelay);
    assertThat(dir.resolve("eve.json")).exists();
  }

  @Test
  void aLiveRunAddsTheTrayRelayAsASingleton() {
    Injector injector = injector(options(null, null, true, 9911));
    Set<AlertSink> sinks = injector.getInstance(SINKS);
    // /metrics reads its per-category tally from the summary, which every run has: no second tally.
    assertThat(sinks).hasSize(3).contains(injector.getInstance(TrayRelay.class), injector.getInstance(Summary.class));
    assertThat(injector.getInstance(Summary.class)).isSameAs(injector.getInstance(Summary.class));
  }

  @Test
  void withoutTheTrayTheRelayIsNotWired() {
    Set<AlertSink> sinks = injector(options(null, null, false, 0)).getInstance(SINKS);
    assertThat(sinks).hasSize(2).noneMatch(s -> s instanceof TrayRelay);
  }
}
