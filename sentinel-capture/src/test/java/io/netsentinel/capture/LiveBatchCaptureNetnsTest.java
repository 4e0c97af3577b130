package io.netsentinel.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsentinel.api.PacketDecoder;
import io.netsentinel.api.PacketSource;
import io.netsentinel.api.PacketView;
import io.netsentinel.api.RawFrame;
import io.netsentinel.api.SourceStats;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live source's read paths (a batch per native call through {@code pcap_dump} into a memory stream, and the
 * {@code pcap_next_ex} fallback) on real traffic from a network namespace, against {@code tcpdump} on the same veth.
 */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class LiveBatchCaptureNetnsTest {
  private static final Logger LOG = LoggerFactory.getLogger(LiveBatchCaptureNetnsTest.class);

  @RegisterExtension final NetnsLabExtension netns = new NetnsLabExtension();

  /** A captured frame, copied out of the source's buffer. */
  private record Seen(long timestampNanos, int captureLength, int wireLength, byte[] bytes) {}

  private PcapLiveSource open(LiveOptions options, boolean batches) throws Exception {
    PcapLiveSource source = LiveCapture.open(options, LOG, batches);
    assertThat(source.method()).startsWith(batches ? "pcap_dispatch into pcap_dump" : "pcap_next_ex");
    return source;
  }

  private LiveOptions options(String filter) {
    return LiveOptions.defaults(netns.lab().hostIface).withFilter(filter);
  }

  /** Sends datagrams from the namespace to the host's {@code port}: payload "seq=NNNNNN;" then 'x' up to a size that
   * varies with the sequence number (10..1410 bytes), paced 50 at a time 2 ms apart like {@link NetnsLab#udpFlood}. */
  private void sendNumbered(int count, int port) throws Exception {
    netns.lab().inNamespace("perl", "-e", "use Socket; socket(my $s, PF_INET, SOCK_DGRAM, 17) or die $!;"
        + " my $d = sockaddr_in($ARGV[1], inet_aton($ARGV[0]));"
        + " for my $i (1 .. $ARGV[2]) { my $p = sprintf('seq=%06d;', $i); $p .= 'x' x (($i * 37) % 1400);"
        + " send($s, $p, 0, $d) or die $!; select(undef, undef, undef, 0.002) if $i % 50 == 0; }",
        netns.lab().hostIp, String.valueOf(port), String.valueOf(count));
  }

  /** The sequence number in a numbered datagram's payload, or -1. */
  private static int sequence(RawFrame frame, PacketDecoder decoder, PacketView view) {
    if (!decoder.decode(frame, view) || !view.isUdp()) {
      return -1;
    }
    int at = frame.offset() + 14 + 20 + 8;
    if (frame.captureLength() < 14 + 20 + 8 + 11) {
      return -1;
    }
    String head = new String(frame.buffer(), at, 11, StandardCharsets.US_ASCII);
    return head.startsWith("seq=") ? Integer.parseInt(head.substring(4, 10)) : -1;
  }

  private static Seen copy(RawFrame f) {
    return new Seen(f.timestampNanos(), f.captureLength(), f.wireLength(),
        Arrays.copyOfRange(f.buffer(), f.offset(), f.offset() + f.captureLength()));
  }

  @ParameterizedTest(name = "batches {0}")
  @ValueSource(booleans = {true, false})
  void deliversEveryDatagramOfABurstOnceWithTcpdumpsTimestampsLengthsAndBytes(boolean batches, @TempDir Path dir)
      throws Exception {
    Assumptions.assumeTrue(NetnsLab.onPath("tcpdump"), "needs tcpdump as the reference");
    int count = 3_000;
    Path reference = dir.resolve("tcpdump.pcap");
    Path tcpdumpLog = dir.resolve("tcpdump.log");
    Process tcpdump = new ProcessBuilder("tcpdump", "-i", netns.lab().hostIface, "-n", "-U", "-Z", "root",
        "--time-stamp-precision=nano", "-w", reference.toString(), "udp port 9997")
        .redirectErrorStream(true).redirectOutput(tcpdumpLog.toFile()).start();
    Map<Integer, Seen> seen = new HashMap<>();
    AtomicLong duplicates = new AtomicLong();
    try (PcapLiveSource source = open(options("udp port 9997"), batches)) {
      for (int i = 0; i < 100 && !Files.readString(tcpdumpLog).contains("listening on"); i++) {
        Thread.sleep(50);
      }
      CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
        try {
          sendNumbered(count, 9997);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      RawFrame frame = new RawFrame();
      PacketDecoder decoder = new PacketDecoder();
      PacketView view = new PacketView();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (seen.size() < count && System.nanoTime() < deadline) {
        if (source.poll(frame) == PacketSource.Poll.FRAME) {
          int seq = sequence(frame, decoder, view);
          if (seq > 0 && seen.put(seq, copy(frame)) != null) {
            duplicates.incrementAndGet();
          }
        }
      }
      sent.get(10, TimeUnit.SECONDS);
      Thread.sleep(1_500); // tcpdump's own read timeout (1 s) hands it the last packets; -U writes them out
    } finally {
      tcpdump.destroy();
      tcpdump.waitFor(5, TimeUnit.SECONDS);
    }
    Map<Integer, Seen> expected = new HashMap<>();
    try (CaptureFileReader reader = new CaptureFileReader(reference, LOG)) {
      RawFrame frame = new RawFrame();
      PacketDecoder decoder = new PacketDecoder();
      PacketView view = new PacketView();
      for (int i = 0; i < 2 * count && reader.next(frame); i++) {
        int seq = sequence(frame, decoder, view);
        if (seq > 0) {
          expected.put(seq, copy(frame));
        }
      }
    }
    java.util.List<Integer> notInTcpdump = seen.keySet().stream().filter(k -> !expected.containsKey(k)).sorted().toList();
    LOG.info("batches {}: captured {} of {} datagrams, tcpdump {} ({} not in tcpdump's file: {}); {} duplicates; {}",
        batches, seen.size(), count, expected.size(), notInTcpdump.size(),
        notInTcpdump.isEmpty() ? "" : notInTcpdump.get(0) + ".." + notInTcpdump.get(notInTcpdump.size() - 1),
        duplicates.get(), Files.readString(tcpdumpLog).replace('\n', ' '));
    assertThat(duplicates.get()).as("datagrams delivered twice").isZero();
    // Both read the same kernel tap, after the veth backlog where a datagram can be lost before any capture sees it.
    assertThat(seen.size()).isGreaterThanOrEqualTo(count * 99 / 100);
    // tcpdump is only the reference for what it did capture (on a loaded runner it may fall behind, or be stopped
    // with packets still in its buffer).
    assertThat(seen.keySet()).containsAll(expected.keySet());
    assertThat(expected.size()).as("datagrams in tcpdump's file to compare with").isGreaterThan(count * 9 / 10);
    for (Map.Entry<Integer, Seen> e : expected.entrySet()) {
      Seen ours = seen.get(e.getKey());
      Seen theirs = e.getValue();
      int payload = 11 + (e.getKey() * 37) % 1400;
      assertThat(ours.wireLength()).as("wire length of %d", e.getKey()).isEqualTo(14 + 20 + 8 + payload);
      assertThat(ours.captureLength()).isEqualTo(ours.wireLength());
      assertThat(ours.timestampNanos()).as("timestamp of %d", e.getKey()).isEqualTo(theirs.timestampNanos());
      assertThat(ours.wireLength()).isEqualTo(theirs.wireLength());
      assertThat(ours.bytes()).as("bytes of %d", e.getKey()).isEqualTo(theirs.bytes());
    }
  }

  @ParameterizedTest(name = "batches {0}")
  @ValueSource(booleans = {true, false})
  void framesCutAtTheSnapLengthKeepTheirWireLength(boolean batches) throws Exception {
    LiveOptions options = new LiveOptions(netns.lab().hostIface, "udp port 9997", 96, true, false,
        LiveOptions.DEFAULT_BUFFER_SIZE, 100);
    int frames = 0;
    try (PcapLiveSource source = open(options, batches)) {
      sendNumbered(60, 9997);
      RawFrame frame = new RawFrame();
      for (int i = 0; i < 200 && frames < 60; i++) { // at most 200 polls of about 100 ms
        if (source.poll(frame) == PacketSource.Poll.FRAME) {
          frames++;
          String head = new String(frame.buffer(), frame.offset() + 42, 10, StandardCharsets.US_ASCII);
          int seq = Integer.parseInt(head.substring(4, 10));
          int wire = 14 + 20 + 8 + 11 + (seq * 37) % 1400;
          assertThat(frame.wireLength()).as("wire length of %d", seq).isEqualTo(wire);
          assertThat(frame.captureLength()).as("captured length of %d", seq).isEqualTo(Math.min(96, wire));
        }
      }
    }
    assertThat(frames).isEqualTo(60);
  }

  @Test
  void countsTheKernelsDropsWhenTheReaderFallsBehind() throws Exception {
    // The smallest buffer, and nobody reading while 10,000 datagrams arrive: the ring overflows.
    LiveOptions options = new LiveOptions(netns.lab().hostIface, "udp port 9996", 65535, true, false, 65536, 100);
    long delivered = 0;
    SourceStats stats;
    try (PcapLiveSource source = open(options, true)) {
      netns.lab().udpFlood(10_000, 9996);
      Thread.sleep(300);
      RawFrame frame = new RawFrame();
      for (int i = 0; i < 20_000; i++) {
        PacketSource.Poll p = source.poll(frame);
        if (p == PacketSource.Poll.IDLE) {
          break;
        }
        delivered++;
      }
      Thread.sleep(1_100); // the kernel counters are read once a second
      source.poll(frame);
      stats = source.stats();
    }
    long vethDrops = netns.lab().hostReceiveDrops();
    LOG.info("falling behind: delivered {}, kernel dropped {}, veth dropped {}", delivered, stats.dropped(), vethDrops);
    assertThat(delivered).isLessThan(10_000);
    assertThat(stats.dropped()).isPositive();
    assertThat(delivered + stats.dropped()).isBetween(9_900L - vethDrops, 10_000L);
  }

  @ParameterizedTest(name = "immediate {0}")
  @ValueSource(booleans = {true, false})
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void pollOnAQuietLinkReturnsIdleAfterAboutTheReadTimeoutInEitherMode(boolean immediate) throws Exception {
    LiveOptions options = new LiveOptions(netns.lab().hostIface, "udp port 1", 65535, true, immediate,
        LiveOptions.DEFAULT_BUFFER_SIZE, 100);
    // Each poll on another thread, so that a poll stuck in libpcap fails the test (and close() below frees it)
    // instead of hanging it: JUnit's timeout cannot interrupt a native wait.
    try (PcapLiveSource source = open(options, true)) {
      RawFrame frame = new RawFrame();
      for (int i = 0; i < 3; i++) {
        long started = System.nanoTime();
        CompletableFuture<PacketSource.Poll> poll = CompletableFuture.supplyAsync(() -> {
          try {
            return source.poll(frame);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        assertThat(poll.get(2, TimeUnit.SECONDS)).isEqualTo(PacketSource.Poll.IDLE);
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(1));
      }
    }
  }

  @Test
  void closeFromAnotherThreadWhileReadsAreBusyEndsTheReaderEveryTime() throws Exception {
    for (int round = 0; round < 8; round++) {
      PcapLiveSource source = open(options("udp"), round % 2 == 0);
      CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
        RawFrame frame = new RawFrame();
        long frames = 0;
        try {
          for (int i = 0; i < 10_000_000; i++) {
            PacketSource.Poll p = source.poll(frame);
            if (p == PacketSource.Poll.END) {
              return frames;
            }
            if (p == PacketSource.Poll.FRAME) {
              frames++;
            }
            if ((i & 63) == 0) {
              source.stats();
            }
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        return -1L;
      });
      CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
        try {
          netns.lab().udpFlood(4_000, 9995);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(100 + 20 * round);
      long started = System.nanoTime();
      source.close();
      long frames = reader.get(2, TimeUnit.SECONDS);
      assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(1));
      assertThat(frames).as("the reader ends with END after close, not by running out of polls").isNotNegative();
      SourceStats after = source.stats();
      assertThat(after.received()).as("the closed source counted every frame it delivered").isGreaterThanOrEqualTo(frames);
      assertThat(source.stats()).as("after close: the last values, no native call").isEqualTo(after);
      source.close();
      flood.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void readingABurstAllocatesNothingPerPacket() throws Exception {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported());
    long frames = 0;
    long allocated;
    try (PcapLiveSource source = open(options("udp port 9994"), true)) {
      RawFrame frame = new RawFrame();
      CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
        try {
          netns.lab().udpFlood(5_000, 9994);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      while (frames == 0 && source.poll(frame) != PacketSource.Poll.END) {
        frames += frame.captureLength() > 0 ? 1 : 0;
      }
      long before = threads.getCurrentThreadAllocatedBytes();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      int idle = 0;
      while (frames < 5_000 && idle < 10 && System.nanoTime() < deadline) {
        PacketSource.Poll p = source.poll(frame);
        if (p == PacketSource.Poll.FRAME) {
          frames++;
        } else {
          idle++;
        }
      }
      allocated = threads.getCurrentThreadAllocatedBytes() - before;
      flood.get(10, TimeUnit.SECONDS);
    }
    LOG.info("read {} frames allocating {} bytes", frames, allocated);
    assertThat(frames).isGreaterThan(4_000);
    // Idle polls build an Instant and stats a record now and then; a per-packet object would be 16+ bytes a frame.
    assertThat(allocated).isLessThan(frames * 4);
  }
}
