package io.netsentinel.capture;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.netsentinel.api.PacketSource;
import io.netsentinel.api.SettingsException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.slf4j.Logger;

/**
 * Opens live captures through our own small libpcap binding ({@link Libpcap}), and lists interfaces and checks filters
 * through pcap4j.
 */
public final class LiveCapture {
  static final String PERMISSION_HINT = "run as root or grant CAP_NET_RAW and CAP_NET_ADMIN: "
      + "setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which java))";

  private LiveCapture() {}

  /** Opens a capture with {@code options}; the source's {@code next} blocks until a frame arrives or it is closed. */
  public static PacketSource open(LiveOptions options, Logger log) throws LiveCaptureException {
    return open(options, log, true);
  }

  /**
   * As {@link #open(LiveOptions, Logger)}; {@code batches} false reads with {@code pcap_next_ex} even where the batch
   * path is available (to test and measure the fallback).
   */
  static PcapLiveSource open(LiveOptions options, Logger log, boolean batches) throws LiveCaptureException {
    List<PcapNetworkInterface> devices = devices();
    String name = options.iface() == null ? defaultInterface(devices) : options.iface();
    if (devices.stream().noneMatch(d -> d.getName().equals(name))) {
      throw new LiveCaptureException("unknown interface '" + name + "'; valid interfaces: " + names(devices));
    }
    Pointer pcap = openHandle(name, options, log);
    BatchReader reader = null;
    try {
      if (options.filter() != null) {
        setFilter(pcap, options.filter());
      }
      int linkType = Libpcap.pcap_datalink(pcap);
      int snapshot = Libpcap.pcap_snapshot(pcap);
      boolean nanos = Libpcap.pcap_get_tstamp_precision(pcap) == Libpcap.TSTAMP_PRECISION_NANO;
      reader = batches ? DumpBatchReader.open(pcap, snapshot) : null;
      if (reader == null) {
        reader = new NextExBatchReader(pcap, snapshot);
      }
      PcapLiveSource source = new PcapLiveSource(pcap, reader, name, linkType, nanos, options, log);
      log.info("capturing on {} (link type {}, snaplen {}, filter {}, {} timestamps, immediate {}, buffer {} MiB, "
          + "read {})", name, linkType, snapshot, options.filter() == null ? "none" : "'" + options.filter() + "'",
          nanos ? "nanosecond" : "microsecond", options.immediate() ? "on" : "off", options.bufferSize() >> 20,
          reader.method());
      return source;
    } catch (RuntimeException | LiveCaptureException e) {
      if (reader != null) {
        reader.close();
      }
      Libpcap.pcap_close(pcap);
      throw e;
    }
  }

  private static void setFilter(Pointer pcap, String filter) {
    Memory program = new Memory(16); // struct bpf_program: a length and a pointer
    program.clear();
    try {
      if (Libpcap.pcap_compile(pcap, program, filter, 1, Libpcap.NETMASK_UNKNOWN) != 0) {
        throw badFilter(filter, new Exception(Libpcap.pcap_geterr(pcap)));
      }
      try {
        if (Libpcap.pcap_setfilter(pcap, program) != 0) {
          throw badFilter(filter, new Exception(Libpcap.pcap_geterr(pcap)));
        }
      } finally {
        Libpcap.pcap_freecode(program);
      }
    } finally {
      program.close();
    }
  }

  /** The interfaces libpcap can capture on, with their addresses. Needs no privileges. */
  public static List<LiveInterface> interfaces() throws LiveCaptureException {
    List<LiveInterface> result = new ArrayList<>();
    for (PcapNetworkInterface d : devices()) {
      List<String> addresses = new ArrayList<>();
      for (PcapAddress a : d.getAddresses()) {
        InetAddress address = a.getAddress();
        if (address != null) {
          addresses.add(address.getHostAddress());
        }
      }
      result.add(new LiveInterface(d.getName(), d.getDescription(), d.isUp(), d.isLoopBack(), addresses));
    }
    return List.copyOf(result);
  }

  /**
   * Compiles {@code filter} for Ethernet without opening an interface (and without privileges), throwing the same
   * {@link SettingsException} as {@link #open} would.
   */
  public static void checkFilter(String filter, int snaplen) throws LiveCaptureException {
    try {
      BpfProgram program = Pcaps.compileFilter(snaplen, DataLinkType.EN10MB, filter,
          BpfProgram.BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN);
      program.free();
    } catch (PcapNativeException e) {
      throw badFilter(filter, e);
    } catch (LinkageError e) {
      throw libpcapMissing(e);
    }
  }

  /** The interface {@link #open} uses when none is set. */
  static String defaultInterface() throws LiveCaptureException {
    return defaultInterface(devices());
  }

  private static SettingsException badFilter(String filter, Exception e) {
    return new SettingsException("sources.pcap-live filter '" + filter + "' is invalid: " + oneLine(e));
  }

  /** Creates and activates the handle, with nanosecond timestamps where libpcap offers them. */
  private static Pointer openHandle(String name, LiveOptions options, Logger log) throws LiveCaptureException {
    Pointer pcap;
    try {
      Libpcap.load();
      byte[] errbuf = new byte[Libpcap.ERRBUF_SIZE];
      pcap = Libpcap.pcap_create(name, errbuf);
      if (pcap == null) {
        throw new LiveCaptureException("cannot open " + name + ": " + Native.toString(errbuf));
      }
    } catch (LinkageError e) {
      throw libpcapMissing(e);
    }
    try {
      check(name, Libpcap.pcap_set_snaplen(pcap, options.snaplen()), "snaplen");
      check(name, Libpcap.pcap_set_promisc(pcap, options.promiscuous() ? 1 : 0), "promiscuous");
      check(name, Libpcap.pcap_set_timeout(pcap, options.timeoutMillis()), "timeout_ms");
      check(name, Libpcap.pcap_set_buffer_size(pcap, options.bufferSize()), "buffer_size");
      check(name, Libpcap.pcap_set_immediate_mode(pcap, options.immediate() ? 1 : 0), "immediate");
      // libpcap refuses nanosecond timestamps on some platforms; microseconds are always there.
      Libpcap.pcap_set_tstamp_precision(pcap, Libpcap.TSTAMP_PRECISION_NANO);
      int status = Libpcap.pcap_activate(pcap);
      if (status < 0) {
        String detail = Libpcap.pcap_geterr(pcap);
        String why = detail == null || detail.isBlank() ? Libpcap.pcap_statustostr(status) : detail;
        if (status == Libpcap.ERROR_PERM_DENIED || isPermission(new Exception(why))) {
          throw new LiveCaptureException("no permission to capture on " + name + ": " + PERMISSION_HINT);
        }
        throw new LiveCaptureException("cannot open " + name + ": " + oneLine(new Exception(why)));
      }
      if (status > 0) {
        log.warn("capture on {}: {}", name, Libpcap.pcap_statustostr(status));
      }
      return pcap;
    } catch (RuntimeException | LiveCaptureException e) {
      Libpcap.pcap_close(pcap);
      throw e;
    }
  }

  private static void check(String name, int status, String key) throws LiveCaptureException {
    if (status != 0) {
      throw new LiveCaptureException("cannot set sources.pcap-live " + key + " on " + name + ": "
          + Libpcap.pcap_statustostr(status));
    }
  }

  static boolean isPermission(Exception e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("permission") || m.contains("not permitted");
  }

  private static List<PcapNetworkInterface> devices() throws LiveCaptureException {
    try {
      return Pcaps.findAllDevs();
    } catch (PcapNativeException e) {
      throw new LiveCaptureException("cannot list interfaces: " + oneLine(e), e);
    } catch (LinkageError e) {
      throw libpcapMissing(e);
    }
  }

  private static String defaultInterface(List<PcapNetworkInterface> devices) throws LiveCaptureException {
    for (PcapNetworkInterface d : devices) {
      if (d.isUp() && !d.isLoopBack() && !d.getAddresses().isEmpty()) {
        return d.getName();
      }
    }
    throw new LiveCaptureException(
        "no interface is up, not loopback, and has an address; set iface to one of: " + names(devices));
  }

  private static String names(List<PcapNetworkInterface> devices) {
    if (devices.isEmpty()) {
      return "(none visible)";
    }
    List<String> names = new ArrayList<>();
    for (PcapNetworkInterface d : devices) {
      names.add(d.getName());
    }
    return String.join(", ", names);
  }

  private static LiveCaptureException libpcapMissing(LinkageError e) {
    return new LiveCaptureException(libpcapMissingMessage(System.getProperty("os.name", "")), e);
  }

  /** What to install when libpcap cannot be loaded, for the OS named {@code osName}. */
  static String libpcapMissingMessage(String osName) {
    String os = osName.toLowerCase(Locale.ROOT);
    String advice;
    if (os.contains("win")) {
      advice = "install Npcap (https://npcap.com) with \"WinPcap API-compatible mode\" ticked";
    } else if (os.contains("mac") || os.contains("darwin")) {
      advice = "libpcap ships with macOS; reinstall it (e.g. brew install libpcap)";
    } else {
      advice = "install libpcap0.8 on Debian/Ubuntu (apt-get install libpcap0.8) "
          + "or libpcap on Fedora/RHEL (dnf install libpcap)";
    }
    return "libpcap could not be loaded: " + advice;
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
