package io.netsentinel.vt;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;

class VerdictCacheTest {
  private static final long T0 = 1_741_953_600_000L;
  private static final long HOUR = 3_600_000L;
  private static final Verdict BAD = new Verdict(12, 1, 50, 20, 0, -40);

  @TempDir Path dir;

  private VerdictCache cache(int max) {
    return new VerdictCache(max, dir.resolve("virustotal-ip-cache.json"), NOPLogger.NOP_LOGGER);
  }

  private static VerdictCache.Entry found(Verdict v, long expires) {
    return new VerdictCache.Entry(VerdictCache.Status.FOUND, v, expires);
  }

  @Test
  void anEntryLivesUntilItsExpiry() {
    VerdictCache c = cache(10);
    c.put("198.51.100.7", found(BAD, T0 + 24 * HOUR));
    c.put("198.51.100.8", new VerdictCache.Entry(VerdictCache.Status.NOT_FOUND, null, T0 + HOUR));

    assertThat(c.get("198.51.100.7", T0 + 24 * HOUR - 1)).isNotNull();
    assertThat(c.get("198.51.100.8", T0 + HOUR - 1)).isNotNull();
    assertThat(c.get("198.51.100.8", T0 + HOUR)).isNull();
    assertThat(c.get("198.51.100.7", T0 + 24 * HOUR)).isNull();
    assertThat(c.size()).isZero();
  }

  @Test
  void holdsAtMostItsLimitDroppingTheLeastRecentlyUsed() {
    VerdictCache c = cache(3);
    for (int i = 1; i <= 3; i++) {
      c.put("198.51.100." + i, found(BAD, T0 + HOUR));
    }
    c.get("198.51.100.1", T0);
    c.put("198.51.100.4", found(BAD, T0 + HOUR));

    assertThat(c.size()).isEqualTo(3);
    assertThat(c.get("198.51.100.2", T0)).isNull();
    assertThat(c.get("198.51.100.1", T0)).isNotNull();
  }

  @Test
  void aSavedCacheIsThereAfterARestartWithoutFailuresOrExpiredEntries() throws Exception {
    VerdictCache first = cache(10);
    first.put("198.51.100.7", found(BAD, T0 + 24 * HOUR));
    first.put("198.51.100.8", new VerdictCache.Entry(VerdictCache.Status.NOT_FOUND, null, T0 + HOUR));
    first.put("198.51.100.9", new VerdictCache.Entry(VerdictCache.Status.FAILED, null, T0 + HOUR));
    first.put("198.51.100.10", found(BAD, T0 + 10));
    assertThat(first.save(T0 + 20)).isTrue();

    VerdictCache second = cache(10);
    second.load(T0 + 30);

    assertThat(second.get("198.51.100.7", T0 + 30)).isEqualTo(found(BAD, T0 + 24 * HOUR));
    assertThat(second.get("198.51.100.8", T0 + 30).status()).isEqualTo(VerdictCache.Status.NOT_FOUND);
    assertThat(second.get("198.51.100.9", T0 + 30)).isNull();
    assertThat(second.get("198.51.100.10", T0 + 30)).isNull();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("virustotal-ip-cache.json");
    }
  }

  @Test
  void savingKeepsWhatAnotherInstanceSavedMeanwhile() {
    VerdictCache a = cache(10);
    VerdictCache b = cache(10);
    a.put("198.51.100.1", found(BAD, T0 + HOUR));
    a.save(T0);
    b.put("198.51.100.2", found(BAD, T0 + HOUR));
    b.save(T0);

    VerdictCache c = cache(10);
    c.load(T0);

    assertThat(c.get("198.51.100.1", T0)).isNotNull();
    assertThat(c.get("198.51.100.2", T0)).isNotNull();
  }

  @Test
  void aBrokenFileIsAWarningAndAnEmptyCache() throws Exception {
    Files.writeString(dir.resolve("virustotal-ip-cache.json"), "{\"entries\": [ {\"indicator\": ");
    Logger logger = (Logger) LoggerFactory.getLogger("test." + UUID.randomUUID());
    logger.setAdditive(false);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    VerdictCache c = new VerdictCache(10, dir.resolve("virustotal-ip-cache.json"), logger);

    c.load(T0);

    assertThat(c.size()).isZero();
    assertThat(appender.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).contains("unreadable");
    });
  }
}
