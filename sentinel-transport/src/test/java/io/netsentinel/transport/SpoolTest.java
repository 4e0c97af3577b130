package io.netsentinel.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
  @TempDir Path dir;
  private final LogCapture log = new LogCapture("test.spool." + System.nanoTime());

  private Spool open(long maxBytes, long segmentBytes) throws IOException {
    return new Spool(dir, maxBytes, segmentBytes, Spool.Fsync.BATCH, log.logger());
  }

  private static byte[] rec(int i) {
    return ("{\"id\":\"alert-" + i + "\",\"pad\":" + "x".repeat(40) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> text(Spool.Batch b) {
    return b.records().stream().map(r -> {
      String t = new String(r, StandardCharsets.UTF_8);
      return t.substring(7, t.indexOf('"', 7));
    }).toList();
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
    }
  }

  @Test
  void readsInOrderAndOnlyAnAcknowledgementMovesOn() throws IOException {
    try (Spool spool = open(1 << 20, 1 << 16)) {
      for (int i = 0; i < 5; i++) {
        spool.append(rec(i));
      }
      Spool.Batch first = spool.read(3);
      assertThat(text(first)).containsExactly("alert-0", "alert-1", "alert-2");
      assertThat(text(spool.read(3))).as("nothing acknowledged yet").containsExactly("alert-0", "alert-1",
          "alert-2");
      spool.ack(first);
      assertThat(spool.pending()).isEqualTo(2);
      assertThat(text(spool.read(10))).containsExactly("alert-3", "alert-4");
    }
  }

  @Test
  void whatWasNotAcknowledgedSurvivesARestart() throws IOException {
    try (Spool spool = open(1 << 20, 300)) {
      for (int i = 0; i < 10; i++) {
        spool.append(rec(i));
      }
      spool.sync();
      spool.ack(spool.read(4));
    }
    try (Spool again = open(1 << 20, 300)) {
      assertThat(again.pending()).isEqualTo(6);
      assertThat(text(again.read(100))).containsExactly("alert-4", "alert-5", "alert-6", "alert-7",
          "alert-8", "alert-9");
    }
  }

  @Test
  void rollsSegmentsAndDeletesThemOnceDelivered() throws IOException {
    try (Spool spool = open(1 << 20, 200)) {
      for (int i = 0; i < 12; i++) {
        spool.append(rec(i));
      }
      assertThat(segments()).hasSizeGreaterThan(3);
      spool.ack(spool.read(12));
      assertThat(segments()).hasSize(1);
      assertThat(spool.pending()).isZero();
    }
  }

  @Test
  void aRecordCutShortByACrashIsTruncatedWithAWarningAndTheRestKept() throws IOException {
    try (Spool spool = open(1 << 20, 1 << 16)) {
      for (int i = 0; i < 3; i++) {
        spool.append(rec(i));
      }
    }
    Path segment = segments().get(0);
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xA5, 0, 0, 0, 90, 1, 2}));
    }
    try (Spool spool = open(1 << 20, 1 << 16)) {
      assertThat(spool.pending()).isEqualTo(3);
      spool.append(rec(3));
      assertThat(text(spool.read(10))).containsExactly("alert-0", "alert-1", "alert-2", "alert-3");
    }
    assertThat(log.messages()).anyMatch(m -> m.contains("cut short") && m.contains("truncated"));
  }

  @Test
  void aDamagedSegmentIsSkippedFromTheFaultOnWithAWarningAndOtherSegmentsAreKept() throws IOException {
    try (Spool spool = open(1 << 20, 200)) {
      for (int i = 0; i < 9; i++) {
        spool.append(rec(i));
      }
    }
    List<Path> segs = segments();
    assertThat(segs).hasSizeGreaterThanOrEqualTo(3);
    // Flip a byte inside the second record of the first segment.
    byte[] bytes = Files.readAllBytes(segs.get(0));
    int recordLength = 9 + rec(0).length;
    bytes[recordLength + 20] ^= 0x55;
    Files.write(segs.get(0), bytes);
    try (Spool spool = open(1 << 20, 200)) {
      List<String> got = text(spool.read(100));
      assertThat(got).startsWith("alert-0").doesNotContain("alert-1");
      assertThat(got).contains("alert-8");
      int lostInFirstSegment = (int) (Files.size(segs.get(0)) / recordLength) - 1;
      assertThat(got).hasSize(9 - lostInFirstSegment);
    }
    assertThat(log.messages()).anyMatch(m -> m.contains("damaged") && m.contains("skipped"));
  }

  @Test
  void aFullSpoolDropsTheOldestAlertsAndCountsThem() throws IOException {
    try (Spool spool = open(1000, 200)) {
      for (int i = 0; i < 40; i++) {
        spool.append(rec(i));
      }
      assertThat(spool.bytes()).isLessThanOrEqualTo(1000);
      assertThat(spool.dropped()).isPositive();
      assertThat(spool.pending() + spool.dropped()).isEqualTo(40);
      List<String> left = text(spool.read(100));
      assertThat(left).endsWith("alert-39");
      assertThat(left).doesNotContain("alert-0");
    }
    assertThat(log.messages()).anyMatch(m -> m.contains("over its limit") && m.contains("dropped"));
  }
}
