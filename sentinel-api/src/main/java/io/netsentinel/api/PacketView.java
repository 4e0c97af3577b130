package io.netsentinel.api;

/**
 * One decoded packet: offsets and primitives over the captured bytes, filled by {@link PacketDecoder}. A worker owns
 * one view and refills it for every packet, so a detector must copy what it needs and never keep the view or the
 * {@link CharSequence} it hands out.
 *
 * <p>Addresses are kept as 128-bit values in two {@code long}s. An IPv4 address {@code a.b.c.d} is stored in its
 * IPv4-mapped IPv6 form {@code ::ffff:a.b.c.d} (high word 0), so one key type serves both families; {@link
 * #srcIpv4()} returns the plain {@code int}.
 *
 * <p>Getters for layers the packet does not have return -1 (ports, types) or false.
 */
public final class PacketView {
  public static final int TCP_FIN = 0x01;
  public static final int TCP_SYN = 0x02;
  public static final int TCP_RST = 0x04;
  public static final int TCP_PSH = 0x08;
  public static final int TCP_ACK = 0x10;
  public static final int TCP_URG = 0x20;
  public static final int TCP_ECE = 0x40;
  public static final int TCP_CWR = 0x80;

  public static final int PROTO_ICMP = 1;
  public static final int PROTO_TCP = 6;
  public static final int PROTO_UDP = 17;
  public static final int PROTO_ICMPV6 = 58;

  /** The high 64 bits of every IPv4-mapped address. */
  public static final long IPV4_MAPPED_HI = 0L;
  /** The low 64 bits of {@code ::ffff:0.0.0.0}; OR an IPv4 address (as unsigned) into it. */
  public static final long IPV4_MAPPED_LO_PREFIX = 0x0000_FFFF_0000_0000L;

  // Frame.
  byte[] buf = new byte[0];
  int frameStart;
  int frameEnd;
  int wireLength;
  int linkType;
  long timestampNanos;
  long captureTimestampNanos;
  boolean decodeError;
  boolean newTimeline;

  // Link layer.
  long srcMac;
  long dstMac;
  int vlanCount;
  int outerVlan;
  int innerVlan;
  int etherType;

  // Network layer.
  int ipVersion;
  long srcHi;
  long srcLo;
  long dstHi;
  long dstLo;
  int ipProtocol;
  int ttl;
  boolean fragment;
  int ipTotalLength;

  // Transport layer.
  int l4Protocol;
  int srcPort;
  int dstPort;
  int tcpFlags;
  long tcpSeq;
  long tcpAck;
  int payloadOffset;
  int payloadLength;
  int icmpType;
  int icmpCode;

  // The header quoted in an ICMP error.
  boolean quoted;
  int quotedProtocol;
  long quotedSrcHi;
  long quotedSrcLo;
  long quotedDstHi;
  long quotedDstLo;
  int quotedSrcPort;
  int quotedDstPort;

  // ARP.
  boolean arp;
  int arpOp;
  long arpSenderMac;
  int arpSenderIp;
  long arpTargetMac;
  int arpTargetIp;

  // DNS, decoded on demand.
  int dnsOffset;
  int dnsEnd;
  private boolean dnsNameDecoded;
  private boolean dnsNameValid;
  private int dnsNameWireLength;
  private final StringBuilder dnsName = new StringBuilder(DnsNames.MAX_TEXT_LENGTH);

  void reset() {
    decodeError = false;
    newTimeline = false;
    srcMac = -1;
    dstMac = -1;
    vlanCount = 0;
    outerVlan = -1;
    innerVlan = -1;
    etherType = -1;
    ipVersion = 0;
    srcHi = srcLo = dstHi = dstLo = 0;
    ipProtocol = -1;
    ttl = -1;
    fragment = false;
    ipTotalLength = 0;
    l4Protocol = -1;
    srcPort = -1;
    dstPort = -1;
    tcpFlags = 0;
    tcpSeq = 0;
    tcpAck = 0;
    payloadOffset = 0;
    payloadLength = 0;
    icmpType = -1;
    icmpCode = -1;
    quoted = false;
    quotedProtocol = -1;
    quotedSrcPort = -1;
    quotedDstPort = -1;
    arp = false;
    arpOp = -1;
    dnsOffset = -1;
    dnsEnd = 0;
    dnsNameDecoded = false;
  }

  // ---- frame ----

  /**
   * Packet time in nanoseconds since the epoch, never earlier than any packet before it on this worker. Windows and
   * cooldowns use this clock, so captures whose timestamps step backwards still behave.
   */
  public long timestampNanos() {
    return timestampNanos;
  }

  /**
   * True for the first packet of a new timeline: its timestamp is far earlier than the packet before it (another
   * recording, such as the next file of a directory). The engine starts its detectors afresh before they see it.
   */
  public boolean startsNewTimeline() {
    return newTimeline;
  }

  /** The timestamp exactly as captured, which may step backwards. */
  public long captureTimestampNanos() {
    return captureTimestampNanos;
  }

  /** The frame's length on the wire. Byte counters use this, not the captured length. */
  public int wireLength() {
    return wireLength;
  }

  public int captureLength() {
    return frameEnd - frameStart;
  }

  public int linkType() {
    return linkType;
  }

  /** True when a header was malformed or cut short; the layers decoded before the fault stay valid. */
  public boolean hasDecodeError() {
    return decodeError;
  }

  // ---- link layer ----

  /** The source MAC as a 48-bit value, or -1 when the link type has none. */
  public long srcMac() {
    return srcMac;
  }

  public long dstMac() {
    return dstMac;
  }

  /** The number of 802.1Q/802.1ad tags (2 for QinQ). */
  public int vlanCount() {
    return vlanCount;
  }

  /** The outermost VLAN id, or -1. */
  public int outerVlan() {
    return outerVlan;
  }

  /** The VLAN id of the second tag, or -1. */
  public int innerVlan() {
    return innerVlan;
  }

  /** The EtherType after any VLAN tags, or -1. */
  public int etherType() {
    return etherType;
  }

  // ---- network layer ----

  public boolean isIpv4() {
    return ipVersion == 4;
  }

  public boolean isIpv6() {
    return ipVersion == 6;
  }

  /** 4, 6, or 0 when the packet is not IP. */
  public int ipVersion() {
    return ipVersion;
  }

  public long srcHi() {
    return srcHi;
  }

  public long srcLo() {
    return srcLo;
  }

  public long dstHi() {
    return dstHi;
  }

  public long dstLo() {
    return dstLo;
  }

  /** The IPv4 source address; meaningful only when {@link #isIpv4()}. */
  public int srcIpv4() {
    return (int) srcLo;
  }

  public int dstIpv4() {
    return (int) dstLo;
  }

  /** The protocol field of IPv4, or the last next-header of IPv6's extension chain; -1 when not IP. */
  public int ipProtocol() {
    return ipProtocol;
  }

  /** TTL or hop limit, -1 when not IP. */
  public int ttl() {
    return ttl;
  }

  /** True for a non-first fragment, which carries no transport header. */
  public boolean isFragment() {
    return fragment;
  }

  // ---- transport layer ----

  public boolean isTcp() {
    return l4Protocol == PROTO_TCP;
  }

  public boolean isUdp() {
    return l4Protocol == PROTO_UDP;
  }

  /** ICMP or ICMPv6. */
  public boolean isIcmp() {
    return l4Protocol == PROTO_ICMP || l4Protocol == PROTO_ICMPV6;
  }

  /** The decoded transport protocol (6, 17, 1, 58), or -1. */
  public int l4Protocol() {
    return l4Protocol;
  }

  public int srcPort() {
    return srcPort;
  }

  public int dstPort() {
    return dstPort;
  }

  /** The TCP flag byte (FIN 0x01 … CWR 0x80). */
  public int tcpFlags() {
    return tcpFlags;
  }

  public boolean hasTcpFlags(int mask) {
    return (tcpFlags & mask) == mask;
  }

  /** A TCP segment with SYN set and ACK clear: a connection attempt. */
  public boolean isSynOnly() {
    return l4Protocol == PROTO_TCP && (tcpFlags & (TCP_SYN | TCP_ACK)) == TCP_SYN;
  }

  public long tcpSeq() {
    return tcpSeq;
  }

  public long tcpAck() {
    return tcpAck;
  }

  /** Where the transport payload starts in {@link #buffer()}. */
  public int payloadOffset() {
    return payloadOffset;
  }

  /** The captured length of the transport payload (less than on the wire when the snap length cut it). */
  public int payloadLength() {
    return payloadLength;
  }

  public int icmpType() {
    return icmpType;
  }

  public int icmpCode() {
    return icmpCode;
  }

  /** An ICMP echo request or an ICMPv6 echo request. */
  public boolean isEchoRequest() {
    return (l4Protocol == PROTO_ICMP && icmpType == 8) || (l4Protocol == PROTO_ICMPV6 && icmpType == 128);
  }

  // ---- ICMP error quote ----

  /** True when an ICMP error quoted the offending packet's IP header (and the ports, when captured). */
  public boolean hasQuotedPacket() {
    return quoted;
  }

  public int quotedProtocol() {
    return quotedProtocol;
  }

  public long quotedSrcHi() {
    return quotedSrcHi;
  }

  public long quotedSrcLo() {
    return quotedSrcLo;
  }

  public long quotedDstHi() {
    return quotedDstHi;
  }

  public long quotedDstLo() {
    return quotedDstLo;
  }

  public int quotedSrcPort() {
    return quotedSrcPort;
  }

  public int quotedDstPort() {
    return quotedDstPort;
  }

  // ---- ARP ----

  /** An Ethernet/IPv4 ARP packet. */
  public boolean isArp() {
    return arp;
  }

  /** 1 request, 2 reply. */
  public int arpOp() {
    return arpOp;
  }

  public long arpSenderMac() {
    return arpSenderMac;
  }

  public int arpSenderIp() {
    return arpSenderIp;
  }

  public long arpTargetMac() {
    return arpTargetMac;
  }

  public int arpTargetIp() {
    return arpTargetIp;
  }

  // ---- DNS ----

  /** A UDP or TCP packet to or from port 53 with at least a DNS header captured. */
  public boolean isDns() {
    return dnsOffset >= 0;
  }

  /** The QR bit: true for a response. */
  public boolean isDnsResponse() {
    return isDns() && (buf[dnsOffset + 2] & 0x80) != 0;
  }

  /**
   * The first question's name in dotted text, decoded on first use. Bytes outside printable ASCII, and '.' or '\'
   * inside a label, are escaped as {@code \xNN} so nothing is dropped. Returns null when the packet is not DNS or the
   * name is malformed (a compression loop, a label over 63 bytes, a name cut short). The sequence is reused for the
   * next packet.
   */
  public CharSequence dnsQueryName() {
    decodeDnsName();
    return dnsNameValid ? dnsName : null;
  }

  /**
   * The length of the first question's name in dotted form, counting each raw byte once (the length rules compare
   * against), or -1 when there is none.
   */
  public int dnsQueryNameLength() {
    decodeDnsName();
    return dnsNameValid ? dnsNameWireLength : -1;
  }

  private void decodeDnsName() {
    if (dnsNameDecoded) {
      return;
    }
    dnsNameDecoded = true;
    dnsNameValid = false;
    if (dnsOffset < 0) {
      return;
    }
    dnsName.setLength(0);
    int length = DnsNames.decodeQuestionName(buf, dnsOffset, dnsEnd, dnsName);
    if (length >= 0) {
      dnsNameValid = true;
      dnsNameWireLength = length;
    }
  }

  // ---- raw bytes and text (for alerts; these allocate) ----

  /** The buffer the frame lives in; valid bytes are {@link #frameOffset()} up to the capture length. */
  public byte[] buffer() {
    return buf;
  }

  public int frameOffset() {
    return frameStart;
  }

  public String srcAddressText() {
    return ipVersion == 0 ? null : Addresses.format(srcHi, srcLo);
  }

  public String dstAddressText() {
    return ipVersion == 0 ? null : Addresses.format(dstHi, dstLo);
  }

  /** "TCP", "UDP", "ICMP", "IPv6-ICMP", "ARP", the IP protocol number, or null. */
  public String protocolName() {
    if (arp) {
      return "ARP";
    }
    switch (l4Protocol) {
      case PROTO_TCP:
        return "TCP";
      case PROTO_UDP:
        return "UDP";
      case PROTO_ICMP:
        return "ICMP";
      case PROTO_ICMPV6:
        return "IPv6-ICMP";
      default:
        return ipProtocol >= 0 ? Integer.toString(ipProtocol) : null;
    }
  }
}
