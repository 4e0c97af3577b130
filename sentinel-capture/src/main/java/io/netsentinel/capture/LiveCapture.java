package io.netsentinel.capture;

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
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.slf4j.Logger;

/** Opens live captures through libpcap (pcap4j's raw path only) and lists the interfaces. */
public final class LiveCapture {
  static final String PERMISSION_HINT = "run as root or grant CAP_NET_RAW and CAP_NET_ADMIN: "
      + "setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which java))";

  private LiveCapture() {}

  /** Opens a capture with {@code options}; the source's {@code next} blocks until a frame arrives or it is closed. */
  public static PacketSource open(LiveOptions options, Logger log) throws LiveCaptureException {
    List<PcapNetworkInterface> devices = devices();
    String name = options.iface() == null ? defaultInterface(devices) : options.iface();
    if (devices.stream().noneMatch(d -> d.getName().equals(name))) {
      throw new LiveCaptureException("unknown interface '" + name + "'; valid interfaces: " + names(devices));
    }
    PcapHandle handle = openHandle(name, options);
    try {
      if (options.filter() != null) {
        try {
          handle.setFilter(options.filter(), BpfProgram.BpfCompileMode.OPTIMIZE);
        } catch (PcapNativeException e) {
          throw badFilter(options.filter(), e);
        }
      }
      int linkType = handle.getDlt().value();
      log.info("capturing on {} (link type {}, snaplen {}, filter {}, timestamps {})", name, linkType,
          options.snaplen(), options.filter() == null ? "none" : "'" + options.filter() + "'",
          handle.getTimestampPrecision());
      return new PcapLiveSource(handle, name, linkType, options, log);
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    } catch (Exception e) {
      handle.close();
      throw new LiveCaptureException("cannot start capture on " + name + ": " + oneLine(e), e);
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

  private static PcapHandle openHandle(String name, LiveOptions options) throws LiveCaptureException {
    PcapHandle.Builder builder = new PcapHandle.Builder(name)
        .snaplen(options.snaplen())
        .promiscuousMode(options.promiscuous() ? PromiscuousMode.PROMISCUOUS : PromiscuousMode.NONPROMISCUOUS)
        .timeoutMillis(options.timeoutMillis())
        .bufferSize(options.bufferSize())
        .immediateMode(options.immediate());
    try {
      try {
        return builder.timestampPrecision(PcapHandle.TimestampPrecision.NANO).build();
      } catch (PcapNativeException e) {
        if (isPermission(e)) {
          throw e;
        }
        // libpcap refuses nanosecond timestamps on some platforms; microseconds are always there.
        return builder.timestampPrecision(PcapHandle.TimestampPrecision.MICRO).build();
      }
    } catch (PcapNativeException e) {
      if (isPermission(e)) {
        throw new LiveCaptureException("no permission to capture on " + name + ": " + PERMISSION_HINT, e);
      }
      throw new LiveCaptureException("cannot open " + name + ": " + oneLine(e), e);
    } catch (LinkageError e) {
      throw libpcapMissing(e);
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
