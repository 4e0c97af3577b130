package io.netsentinel.api;

/** The libpcap link-layer header types (LINKTYPE_*) the decoder understands. */
public final class LinkTypes {
  /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
  public static final int NULL = 0;

  public static final int ETHERNET = 1;
  /** Raw IP as most systems number DLT_RAW. */
  public static final int RAW_BSD = 12;
  /** Raw IP as OpenBSD numbers DLT_RAW. */
  public static final int RAW_OPENBSD = 14;

  public static final int RAW = 101;
  /** OpenBSD loopback: the address family in network byte order. */
  public static final int LOOP = 108;

  public static final int LINUX_SLL = 113;
  public static final int IPV4 = 228;
  public static final int IPV6 = 229;
  public static final int LINUX_SLL2 = 276;

  private LinkTypes() {}
}
