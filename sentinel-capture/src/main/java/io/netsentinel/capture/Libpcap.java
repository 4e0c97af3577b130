package io.netsentinel.capture;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The part of libpcap the live source calls, bound with JNA direct mapping (a plain JNI call per function, no proxy, no
 * allocation for {@code Pointer} and primitive arguments). pcap4j stays for listing interfaces and checking filters.
 *
 * <p>JNI binds natives per class, for the whole JVM, so {@link #load} registers them once, on first use rather than in
 * a static initialiser, and reports a missing libpcap as a {@link LinkageError} that {@link LiveCapture} turns into
 * one line saying what to install.
 */
final class Libpcap {
  static final int ERRBUF_SIZE = 256;
  static final int TSTAMP_PRECISION_NANO = 1;
  static final int ERROR_BREAK = -2;
  static final int ERROR_PERM_DENIED = -8;
  /** PCAP_NETMASK_UNKNOWN as libpcap takes it (pcap4j's constant of that name is an Inet4Address). */
  static final int NETMASK_UNKNOWN = 0xffffffff;

  private static boolean loaded;
  private static Pointer dumpFunction;

  private Libpcap() {}

  /** Binds libpcap (wpcap on Windows) once; throws {@link LinkageError} when it is not there. */
  static synchronized void load() {
    if (!loaded) {
      NativeLibrary library = NativeLibrary.getInstance(Platform.isWindows() ? "wpcap" : "pcap");
      Native.register(Libpcap.class, library);
      dumpFunction = library.getFunction("pcap_dump");
      loaded = true;
    }
  }

  /** libpcap's own {@code pcap_dump}, to pass to {@link #pcap_dispatch} as the callback. */
  static synchronized Pointer dumpFunction() {
    load();
    return dumpFunction;
  }

  static native Pointer pcap_create(String source, byte[] errbuf);

  static native int pcap_set_snaplen(Pointer p, int snaplen);

  static native int pcap_set_promisc(Pointer p, int promisc);

  static native int pcap_set_timeout(Pointer p, int timeoutMillis);

  static native int pcap_set_buffer_size(Pointer p, int bytes);

  static native int pcap_set_immediate_mode(Pointer p, int immediate);

  static native int pcap_set_tstamp_precision(Pointer p, int precision);

  static native int pcap_get_tstamp_precision(Pointer p);

  static native int pcap_activate(Pointer p);

  static native int pcap_datalink(Pointer p);

  static native int pcap_snapshot(Pointer p);

  /** {@code program} points at a {@code struct bpf_program} (an int and a pointer). */
  static native int pcap_compile(Pointer p, Pointer program, String filter, int optimize, int netmask);

  static native int pcap_setfilter(Pointer p, Pointer program);

  static native void pcap_freecode(Pointer program);

  /** {@code stat} points at a {@code struct pcap_stat}: ps_recv, ps_drop, ps_ifdrop (unsigned ints). */
  static native int pcap_stats(Pointer p, Pointer stat);

  static native int pcap_dispatch(Pointer p, int count, Pointer callback, Pointer user);

  /** Writes the header's and the data's addresses into {@code header} and {@code data} (each one pointer). */
  static native int pcap_next_ex(Pointer p, Pointer header, Pointer data);

  static native Pointer pcap_dump_fopen(Pointer p, Pointer file);

  static native void pcap_dump_close(Pointer dumper);

  static native void pcap_breakloop(Pointer p);

  static native void pcap_close(Pointer p);

  static native String pcap_geterr(Pointer p);

  static native String pcap_statustostr(int status);
}
