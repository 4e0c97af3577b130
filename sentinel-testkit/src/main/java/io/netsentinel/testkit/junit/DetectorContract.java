package io.netsentinel.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.netsentinel.api.Detector;
import io.netsentinel.api.DetectorProvider;
import io.netsentinel.api.PacketView;
import io.netsentinel.engine.TableStats;
import io.netsentinel.testkit.MemorySource;
import io.netsentinel.testkit.PacketBuilder;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rules every detector must keep. Extend it in a detector's test and return the provider; the four checks run
 * with the test. Override {@link #traffic} to feed packets that reach the detector's state (the default mixes every
 * kind of packet the standard detectors look at).
 */
public abstract class DetectorContract {
  private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final int FLOOD_PACKETS = 200_000;
  private static final int SMALL_TABLES = 500;

  /** The provider under test. */
  protected abstract DetectorProvider provider();

  /**
   * Packet {@code i} of a flood from random sources, 10 µs apart. The default rotates through TCP SYNs to auth and
   * other ports, FIN probes, ICMP echo requests, DNS queries with long names, ARP replies and large outbound frames.
   */
  protected PacketBuilder traffic(int i, SplittableRandom random) {
    String src = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    String dst = (1 + random.nextInt(200)) + "." + random.nextInt(256) + ".0." + (1 + random.nextInt(254));
    switch (i % 7) {
      case 0:
        return new PacketBuilder().ipv4(src, dst).tcp(1024 + random.nextInt(60000), 22, PacketView.TCP_SYN);
      case 1:
        return new PacketBuilder().ipv4(src, dst).tcp(1024 + random.nextInt(60000), random.nextInt(65536),
            PacketView.TCP_FIN);
      case 2:
        return new PacketBuilder().ipv4(src, dst).icmp(8, 0);
      case 3:
        return new PacketBuilder().ipv4(src, "10.0.0.53").udp(1024 + random.nextInt(60000), 53)
            .dnsQuery("x" + random.nextInt(1_000_000) + "-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.t"
                + random.nextInt(1000) + ".example.com", false);
      case 4:
        return new PacketBuilder().arp(2, random.nextLong() & 0xFFFF_FFFF_FFFFL, src, 0L, "10.0.0.1");
      case 5:
        return new PacketBuilder().ipv4(src, dst).tcp(40000, 4444, PacketView.TCP_SYN);
      default:
        return new PacketBuilder().ipv4(src, dst).tcp(40000, 443, PacketView.TCP_ACK).payload(new byte[1400]);
    }
  }

  @Test
  void idIsStableAndKebabCase() {
    String id = provider().id();
    assertThat(id).matches(KEBAB);
    assertThat(provider().id()).isEqualTo(id);
  }

  @Test
  void doesNotKeepThePacketView() {
    MemorySource source = new MemorySource();
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 2_000; i++) {
      source.add(1_000_000_000_000L + i * 10_000L, traffic(i, random));
    }
    DetectorHarness.Result r = DetectorHarness.of(provider()).run(source);
    assertThat(r.view()).isNotNull();
    for (Detector d : r.detectors()) {
      String path = findReference(d, r.view(), r.dnsName());
      assertThat(path).as("detector %s keeps a reference to the packet view or its DNS name buffer", provider().id())
          .isNull();
    }
  }

  /**
   * Floods the detector from random sources twice, the second flood twice as long. Its tables must stay within their
   * limit, and the objects it holds must not grow with the flood: a detector that keeps state in a plain map fails.
   */
  @Test
  void stateStaysBoundedUnderARandomSourceFlood() {
    DetectorHarness.Result half = flood(FLOOD_PACKETS / 2);
    DetectorHarness.Result full = flood(FLOOD_PACKETS);
    assertThat(full.stats().packets()).isEqualTo(FLOOD_PACKETS);
    for (TableStats t : full.stats().tables()) {
      assertThat(t.maxEntries()).as(t.table()).isEqualTo(SMALL_TABLES);
      assertThat(t.size()).as(t.table()).isLessThanOrEqualTo(SMALL_TABLES);
    }
    long before = reachableObjects(half.detectors().get(0));
    long after = reachableObjects(full.detectors().get(0));
    assertThat(after).as("objects held by %s after %d and %d flood packets", provider().id(), FLOOD_PACKETS / 2,
        FLOOD_PACKETS).isLessThanOrEqualTo(before + before / 10 + 100);
  }

  private DetectorHarness.Result flood(int packets) {
    MemorySource source = new MemorySource();
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < packets; i++) {
      source.add(1_000_000_000_000L + i * 10_000L, traffic(i, random));
    }
    return DetectorHarness.of(provider()).setting("max_table_entries", SMALL_TABLES).keepAlerts(100).run(source);
  }

  @Test
  void closingTwiceIsSafe() {
    MemorySource source = new MemorySource().add(1_000_000_000L, traffic(0, new SplittableRandom(1)));
    DetectorHarness.Result r = DetectorHarness.of(provider()).run(source);
    // The engine has closed it once already.
    for (Detector d : r.detectors()) {
      assertThatCode(() -> {
        d.close();
        d.close();
      }).doesNotThrowAnyException();
    }
  }

  /** Walks the detector's object graph; returns the field path to a forbidden object, or null. */
  static String findReference(Object root, Object view, Object dnsName) {
    String[] found = new String[1];
    walk(root, (o, path) -> {
      if (o == view || (dnsName != null && o == dnsName)) {
        found[0] = path;
        return false;
      }
      return true;
    });
    return found[0];
  }

  /** The number of objects reachable from {@code root} (JDK objects count, but are entered only as containers). */
  static long reachableObjects(Object root) {
    long[] count = new long[1];
    walk(root, (o, path) -> {
      count[0]++;
      return true;
    });
    return count[0];
  }

  interface Visitor {
    /** Returns false to stop the walk. */
    boolean visit(Object o, String path);
  }

  private static void walk(Object root, Visitor visitor) {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object[]> work = new ArrayDeque<>();
    work.push(new Object[] {root, root.getClass().getSimpleName()});
    while (!work.isEmpty()) {
      Object[] item = work.pop();
      Object o = item[0];
      String path = (String) item[1];
      if (o == null || !seen.add(o)) {
        continue;
      }
      if (!visitor.visit(o, path)) {
        return;
      }
      Class<?> type = o.getClass();
      if (type.isArray()) {
        if (!type.getComponentType().isPrimitive()) {
          for (int i = 0; i < Array.getLength(o); i++) {
            work.push(new Object[] {Array.get(o, i), path + "[" + i + "]"});
          }
        }
        continue;
      }
      if (o instanceof Collection<?> c) {
        int i = 0;
        for (Object e : c) {
          work.push(new Object[] {e, path + "<" + i++ + ">"});
        }
        continue;
      }
      if (o instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          work.push(new Object[] {e.getKey(), path + ".key"});
          work.push(new Object[] {e.getValue(), path + "[" + e.getKey() + "]"});
        }
        continue;
      }
      String name = type.getName();
      if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
          || name.startsWith("sun.") || name.startsWith("org.slf4j.") || name.startsWith("ch.qos.")) {
        continue;
      }
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
            continue;
          }
          try {
            f.setAccessible(true);
            work.push(new Object[] {f.get(o), path + "." + f.getName()});
          } catch (ReflectiveOperationException | RuntimeException e) {
            // A field we may not read cannot be checked; the rest still is.
          }
        }
      }
    }
  }
}
