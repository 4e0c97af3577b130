package io.netsentinel.api;

/**
 * Decodes raw frames into a {@link PacketView}: link layer (Ethernet with 802.1Q/802.1ad tags, Linux SLL and SLL2,
 * raw IP, BSD loopback), IPv4 with options and fragments, IPv6 with its extension-header chain, TCP, UDP, ICMP and
 * ICMPv6 (with the header an error quotes), ARP, and the position of a DNS message.
 *
 * <p>It never throws on bad bytes and allocates nothing: a header that is malformed or cut short sets the view's
 * decode-error flag and this decoder's counter, and the layers decoded before it stay valid. One decoder belongs to
 * one worker; it also keeps that worker's packet clock.
 *
 * <p>The clock never goes backwards within a timeline: a frame stamped a little earlier than the one before
 * (reordering, duplicated frames) is given the clock's time. A frame more than {@link #NEW_TIMELINE_NANOS} earlier is
 * not reordering but another recording, such as the next file of a directory captured on an earlier day: it starts a
 * new timeline ({@link PacketView#startsNewTimeline()}), and the clock follows it.
 */
public final class PacketDecoder {
  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_ARP = 0x0806;
  private static final int ETHERTYPE_IPV6 = 0x86DD;
  private static final int ETHERTYPE_VLAN = 0x8100;
  private static final int ETHERTYPE_QINQ = 0x88A8;
  private static final int ETHERTYPE_QINQ_OLD = 0x9100;
  private static final int MAX_VLAN_TAGS = 8;
  private static final int MAX_IPV6_EXTENSIONS = 16;
  private static final int DNS_PORT = 53;
  private static final int DNS_HEADER = 12;

  /** A step back in time larger than this starts a new timeline rather than being clamped. */
  public static final long NEW_TIMELINE_NANOS = 10_000_000_000L;

  private long decodeErrors;
  private long timelines;
  private long clockRegressions;
  private long clock = Long.MIN_VALUE;

  /** Decodes {@code frame} into {@code view}; returns false when the frame had a decode error. */
  public boolean decode(RawFrame frame, PacketView view) {
    view.reset();
    view.buf = frame.buffer();
    view.frameStart = frame.offset();
    view.frameEnd = frame.offset() + frame.captureLength();
    view.wireLength = frame.wireLength();
    view.linkType = frame.linkType();
    long ts = frame.timestampNanos();
    view.captureTimestampNanos = ts;
    if (clock == Long.MIN_VALUE) {
      timelines = 1;
      clock = ts;
    } else if (ts < clock - NEW_TIMELINE_NANOS) {
      timelines++;
      view.newTimeline = true;
      clock = ts;
    } else if (ts < clock) {
      clockRegressions++;
    } else {
      clock = ts;
    }
    view.timestampNanos = clock;

    decodeLink(view, frame.linkType());
    if (view.decodeError) {
      decodeErrors++;
      return false;
    }
    return true;
  }

  /**
   * Time passed with no frame (a live source was idle until {@code timestampNanos}): moves the clock forward when that
   * is later, and returns the clock. It never starts a timeline or counts a regression; before the first frame it
   * does nothing and returns {@link Long#MIN_VALUE}.
   */
  public long advanceClock(long timestampNanos) {
    if (clock != Long.MIN_VALUE && timestampNanos > clock) {
      clock = timestampNanos;
    }
    return clock;
  }

  /** Frames that had a decode error so far. */
  public long decodeErrors() {
    return decodeErrors;
  }

  /** The number of timelines seen: 1 for an ordinary capture, one more for each large step back in time. */
  public long timelines() {
    return timelines;
  }

  /** Frames whose timestamp was earlier than the packet clock (they were given the clock's time). */
  public long clockRegressions() {
    return clockRegressions;
  }

  private static void decodeLink(PacketView v, int linkType) {
    byte[] b = v.buf;
    int off = v.frameStart;
    int end = v.frameEnd;
    switch (linkType) {
      case LinkTypes.ETHERNET:
        if (end - off < 14) {
          v.decodeError = true;
          return;
        }
        v.dstMac = mac(b, off);
        v.srcMac = mac(b, off + 6);
        decodeEtherType(v, u16(b, off + 12), off + 14);
        return;
      case LinkTypes.LINUX_SLL:
        if (end - off < 16) {
          v.decodeError = true;
          return;
        }
        if (u16(b, off + 4) == 6) {
          v.srcMac = mac(b, off + 6);
        }
        decodeEtherType(v, u16(b, off + 14), off + 16);
        return;
      case LinkTypes.LINUX_SLL2:
        if (end - off < 20) {
          v.decodeError = true;
          return;
        }
        if ((b[off + 11] & 0xFF) == 6) {
          v.srcMac = mac(b, off + 12);
        }
        decodeEtherType(v, u16(b, off), off + 20);
        return;
      case LinkTypes.RAW:
      case LinkTypes.RAW_BSD:
      case LinkTypes.RAW_OPENBSD:
        decodeRawIp(v, off);
        return;
      case LinkTypes.IPV4:
        decodeIpv4(v, off);
        return;
      case LinkTypes.IPV6:
        decodeIpv6(v, off);
        return;
      case LinkTypes.NULL:
      case LinkTypes.LOOP:
        decodeLoopback(v, off, linkType == LinkTypes.LOOP);
        return;
      default:
        v.decodeError = true;
    }
  }

  private static void decodeLoopback(PacketView v, int off, boolean networkOrder) {
    if (v.frameEnd - off < 4) {
      v.decodeError = true;
      return;
    }
    byte[] b = v.buf;
    int family = (int) u32(b, off);
    // DLT_NULL is in the capturing host's byte order, which the file does not record: accept either.
    if (!networkOrder && (family & 0xFFFF) == 0) {
      family = Integer.reverseBytes(family);
    }
    switch (family) {
      case 2:
        decodeIpv4(v, off + 4);
        return;
      case 10: // Linux
      case 23: // Windows
      case 24: // NetBSD, OpenBSD
      case 28: // FreeBSD
      case 30: // macOS
        decodeIpv6(v, off + 4);
        return;
      default:
        v.decodeError = true;
    }
  }

  private static void decodeEtherType(PacketView v, int etherType, int off) {
    byte[] b = v.buf;
    int type = etherType;
    while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
      if (v.frameEnd - off < 4 || v.vlanCount == MAX_VLAN_TAGS) {
        v.decodeError = true;
        return;
      }
      int vlan = u16(b, off) & 0x0FFF;
      if (v.vlanCount == 0) {
        v.outerVlan = vlan;
      } else if (v.vlanCount == 1) {
        v.innerVlan = vlan;
      }
      v.vlanCount++;
      type = u16(b, off + 2);
      off += 4;
    }
    v.etherType = type;
    switch (type) {
      case ETHERTYPE_IPV4:
        decodeIpv4(v, off);
        return;
      case ETHERTYPE_IPV6:
        decodeIpv6(v, off);
        return;
      case ETHERTYPE_ARP:
        decodeArp(v, off);
        return;
      default:
        // Another protocol (LLDP, STP, 802.3 length field, …): not ours to judge, and not an error.
    }
  }

  private static void decodeRawIp(PacketView v, int off) {
    if (off >= v.frameEnd) {
      v.decodeError = true;
      return;
    }
    int version = (v.buf[off] & 0xF0) >>> 4;
    if (version == 4) {
      decodeIpv4(v, off);
    } else if (version == 6) {
      decodeIpv6(v, off);
    } else {
      v.decodeError = true;
    }
  }

  private static void decodeArp(PacketView v, int off) {
    byte[] b = v.buf;
    if (v.frameEnd - off < 8) {
      v.decodeError = true;
      return;
    }
    // Only Ethernet/IPv4 ARP carries the claims we check; other hardware types are left alone.
    if (u16(b, off) != 1 || u16(b, off + 2) != ETHERTYPE_IPV4 || b[off + 4] != 6 || b[off + 5] != 4) {
      return;
    }
    if (v.frameEnd - off < 28) {
      v.decodeError = true;
      return;
    }
    v.arp = true;
    v.arpOp = u16(b, off + 6);
    v.arpSenderMac = mac(b, off + 8);
    v.arpSenderIp = (int) u32(b, off + 14);
    v.arpTargetMac = mac(b, off + 18);
    v.arpTargetIp = (int) u32(b, off + 24);
  }

  private static void decodeIpv4(PacketView v, int off) {
    byte[] b = v.buf;
    int end = v.frameEnd;
    if (end - off < 20 || (b[off] & 0xF0) != 0x40) {
      v.decodeError = true;
      return;
    }
    int headerLength = (b[off] & 0x0F) * 4;
    int totalLength = u16(b, off + 2);
    if (headerLength < 20 || off + headerLength > end) {
      v.decodeError = true;
      return;
    }
    if (totalLength == 0) {
      // Segmentation offload on the capturing host leaves the length zero: trust what was captured.
      totalLength = end - off;
    } else if (totalLength < headerLength) {
      v.decodeError = true;
      return;
    }
    v.ipVersion = 4;
    v.ipTotalLength = totalLength;
    v.ttl = b[off + 8] & 0xFF;
    v.ipProtocol = b[off + 9] & 0xFF;
    v.srcHi = 0;
    v.srcLo = PacketView.IPV4_MAPPED_LO_PREFIX | u32(b, off + 12);
    v.dstHi = 0;
    v.dstLo = PacketView.IPV4_MAPPED_LO_PREFIX | u32(b, off + 16);
    if ((u16(b, off + 6) & 0x1FFF) != 0) {
      v.fragment = true;
      return;
    }
    int l3End = Math.min(end, off + totalLength);
    decodeTransport(v, v.ipProtocol, off + headerLength, l3End);
  }

  private static void decodeIpv6(PacketView v, int off) {
    byte[] b = v.buf;
    int end = v.frameEnd;
    if (end - off < 40 || (b[off] & 0xF0) != 0x60) {
      v.decodeError = true;
      return;
    }
    int payloadLength = u16(b, off + 4);
    v.ipVersion = 6;
    v.ipTotalLength = 40 + payloadLength;
    v.ttl = b[off + 7] & 0xFF;
    v.srcHi = u64(b, off + 8);
    v.srcLo = u64(b, off + 16);
    v.dstHi = u64(b, off + 24);
    v.dstLo = u64(b, off + 32);
    // A zero payload length means a jumbogram or offload: trust what was captured.
    int l3End = payloadLength == 0 ? end : Math.min(end, off + 40 + payloadLength);
    int next = b[off + 6] & 0xFF;
    int pos = off + 40;
    for (int i = 0; i <= MAX_IPV6_EXTENSIONS; i++) {
      switch (next) {
        case 0: // hop-by-hop options
        case 43: // routing
        case 60: // destination options
          if (l3End - pos < 8) {
            v.ipProtocol = next;
            v.decodeError = true;
            return;
          }
          next = b[pos] & 0xFF;
          pos += ((b[pos + 1] & 0xFF) + 1) * 8;
          break;
        case 51: // authentication header
          if (l3End - pos < 8) {
            v.ipProtocol = next;
            v.decodeError = true;
            return;
          }
          next = b[pos] & 0xFF;
          pos += ((b[pos + 1] & 0xFF) + 2) * 4;
          break;
        case 44: // fragment
          if (l3End - pos < 8) {
            v.ipProtocol = next;
            v.decodeError = true;
            return;
          }
          int fragmentOffset = u16(b, pos + 2) >>> 3;
          next = b[pos] & 0xFF;
          pos += 8;
          if (fragmentOffset != 0) {
            v.ipProtocol = next;
            v.fragment = true;
            return;
          }
          break;
        default:
          v.ipProtocol = next;
          if (pos > l3End) {
            v.decodeError = true;
            return;
          }
          decodeTransport(v, next, pos, l3End);
          return;
      }
    }
    v.ipProtocol = next;
    v.decodeError = true;
  }

  private static void decodeTransport(PacketView v, int protocol, int off, int end) {
    byte[] b = v.buf;
    switch (protocol) {
      case PacketView.PROTO_TCP:
        {
          if (end - off < 20) {
            v.decodeError = true;
            return;
          }
          int headerLength = ((b[off + 12] & 0xF0) >>> 4) * 4;
          if (headerLength < 20) {
            v.decodeError = true;
            return;
          }
          v.l4Protocol = protocol;
          v.srcPort = u16(b, off);
          v.dstPort = u16(b, off + 2);
          v.tcpSeq = u32(b, off + 4);
          v.tcpAck = u32(b, off + 8);
          v.tcpFlags = b[off + 13] & 0xFF;
          v.payloadOffset = Math.min(end, off + headerLength);
          v.payloadLength = end - v.payloadOffset;
          // DNS over TCP: a two-byte length, then the message.
          if ((v.srcPort == DNS_PORT || v.dstPort == DNS_PORT) && v.payloadLength >= 2 + DNS_HEADER) {
            v.dnsOffset = v.payloadOffset + 2;
            v.dnsEnd = end;
          }
          return;
        }
      case PacketView.PROTO_UDP:
        if (end - off < 8) {
          v.decodeError = true;
          return;
        }
        v.l4Protocol = protocol;
        v.srcPort = u16(b, off);
        v.dstPort = u16(b, off + 2);
        v.payloadOffset = off + 8;
        v.payloadLength = end - v.payloadOffset;
        if ((v.srcPort == DNS_PORT || v.dstPort == DNS_PORT) && v.payloadLength >= DNS_HEADER) {
          v.dnsOffset = v.payloadOffset;
          v.dnsEnd = end;
        }
        return;
      case PacketView.PROTO_ICMP:
      case PacketView.PROTO_ICMPV6:
        if (end - off < 4) {
          v.decodeError = true;
          return;
        }
        v.l4Protocol = protocol;
        v.icmpType = b[off] & 0xFF;
        v.icmpCode = b[off + 1] & 0xFF;
        v.payloadOffset = Math.min(end, off + 8);
        v.payloadLength = end - v.payloadOffset;
        if (protocol == PacketView.PROTO_ICMP) {
          int t = v.icmpType;
          if (t == 3 || t == 4 || t == 5 || t == 11 || t == 12) {
            decodeQuotedIpv4(v, off + 8, end);
          }
        } else if (v.icmpType >= 1 && v.icmpType <= 4) {
          decodeQuotedIpv6(v, off + 8, end);
        }
        return;
      default:
        // Another IP protocol (GRE, ESP, SCTP, …): the network layer is all we decode.
    }
  }

  /** The IP header an ICMP error quotes, and the ports after it when they were captured. Never an error. */
  private static void decodeQuotedIpv4(PacketView v, int off, int end) {
    byte[] b = v.buf;
    if (end - off < 20 || (b[off] & 0xF0) != 0x40) {
      return;
    }
    int headerLength = (b[off] & 0x0F) * 4;
    if (headerLength < 20) {
      return;
    }
    v.quoted = true;
    v.quotedProtocol = b[off + 9] & 0xFF;
    v.quotedSrcHi = 0;
    v.quotedSrcLo = PacketView.IPV4_MAPPED_LO_PREFIX | u32(b, off + 12);
    v.quotedDstHi = 0;
    v.quotedDstLo = PacketView.IPV4_MAPPED_LO_PREFIX | u32(b, off + 16);
    quotedPorts(v, off + headerLength, end);
  }

  private static void decodeQuotedIpv6(PacketView v, int off, int end) {
    byte[] b = v.buf;
    if (end - off < 40 || (b[off] & 0xF0) != 0x60) {
      return;
    }
    v.quoted = true;
    v.quotedProtocol = b[off + 6] & 0xFF;
    v.quotedSrcHi = u64(b, off + 8);
    v.quotedSrcLo = u64(b, off + 16);
    v.quotedDstHi = u64(b, off + 24);
    v.quotedDstLo = u64(b, off + 32);
    quotedPorts(v, off + 40, end);
  }

  private static void quotedPorts(PacketView v, int off, int end) {
    int protocol = v.quotedProtocol;
    if ((protocol == PacketView.PROTO_TCP || protocol == PacketView.PROTO_UDP) && end - off >= 4) {
      v.quotedSrcPort = u16(v.buf, off);
      v.quotedDstPort = u16(v.buf, off + 2);
    }
  }

  private static int u16(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }

  private static long u32(byte[] b, int i) {
    return ((long) (b[i] & 0xFF) << 24)
        | ((b[i + 1] & 0xFF) << 16)
        | ((b[i + 2] & 0xFF) << 8)
        | (b[i + 3] & 0xFF);
  }

  private static long u64(byte[] b, int i) {
    return (u32(b, i) << 32) | u32(b, i + 4);
  }

  private static long mac(byte[] b, int i) {
    return ((long) u16(b, i) << 32) | u32(b, i + 2);
  }
}
