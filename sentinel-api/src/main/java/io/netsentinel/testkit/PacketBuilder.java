package io.netsentinel.testkit;

import io.netsentinel.api.LinkTypes;
import io.netsentinel.api.PacketView;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Builds frames byte by byte for tests: a link layer, an optional network and transport layer, and a payload. Lengths
 * and the fields that depend on them are computed; checksums are left zero, as the decoder does not check them.
 *
 * <pre>{@code
 * byte[] syn = new PacketBuilder().ethernet().ipv4("10.0.0.5", "10.0.0.9").tcp(40000, 22, PacketView.TCP_SYN).build();
 * }</pre>
 */
public final class PacketBuilder {
  private enum Link {
    ETHERNET,
    SLL,
    SLL2,
    RAW,
    NULL_LE
  }

  private Link link = Link.ETHERNET;
  private long srcMac = 0x0200_0000_0001L;
  private long dstMac = 0x0200_0000_0002L;
  private final ByteArrayOutputStream vlanTags = new ByteArrayOutputStream();
  private int etherType = -1;
  private int ipVersion;
  private byte[] src;
  private byte[] dst;
  private int ttl = 64;
  private int fragmentOffset;
  private boolean moreFragments;
  private byte[] ipv4Options = new byte[0];
  private final ByteArrayOutputStream ipv6Extensions = new ByteArrayOutputStream();
  private int firstExtension = -1;
  private int lastExtensionNextOffset = -1;
  private int protocol = -1;
  private byte[] transport = new byte[0];
  private byte[] payload = new byte[0];
  private byte[] arp;

  public PacketBuilder ethernet() {
    link = Link.ETHERNET;
    return this;
  }

  public PacketBuilder ethernet(long srcMacValue, long dstMacValue) {
    link = Link.ETHERNET;
    srcMac = srcMacValue;
    dstMac = dstMacValue;
    return this;
  }

  /** Linux cooked capture v1 (link type 113). */
  public PacketBuilder sll() {
    link = Link.SLL;
    return this;
  }

  /** Linux cooked capture v2 (link type 276). */
  public PacketBuilder sll2() {
    link = Link.SLL2;
    return this;
  }

  /** Raw IP, no link header (link type 101). */
  public PacketBuilder raw() {
    link = Link.RAW;
    return this;
  }

  /** BSD loopback as a little-endian host writes it (link type 0). */
  public PacketBuilder nullLoopback() {
    link = Link.NULL_LE;
    return this;
  }

  /** The link type of the frame {@link #build()} returns. */
  public int linkType() {
    switch (link) {
      case SLL:
        return LinkTypes.LINUX_SLL;
      case SLL2:
        return LinkTypes.LINUX_SLL2;
      case RAW:
        return LinkTypes.RAW;
      case NULL_LE:
        return LinkTypes.NULL;
      default:
        return LinkTypes.ETHERNET;
    }
  }

  /** Adds an 802.1Q tag (or, with {@code tpid} 0x88a8, an 802.1ad outer tag); call once per tag, outermost first. */
  public PacketBuilder vlan(int tpid, int vlanId) {
    vlanTags.write(tpid >>> 8);
    vlanTags.write(tpid);
    vlanTags.write((vlanId >>> 8) & 0x0F);
    vlanTags.write(vlanId);
    return this;
  }

  public PacketBuilder vlan(int vlanId) {
    return vlan(0x8100, vlanId);
  }

  /** Sets the EtherType of a frame with no IP or ARP layer. */
  public PacketBuilder etherType(int value) {
    etherType = value;
    return this;
  }

  public PacketBuilder ipv4(String srcIp, String dstIp) {
    ipVersion = 4;
    src = literal(srcIp, 4);
    dst = literal(dstIp, 4);
    return this;
  }

  public PacketBuilder ipv6(String srcIp, String dstIp) {
    ipVersion = 6;
    src = literal(srcIp, 16);
    dst = literal(dstIp, 16);
    return this;
  }

  public PacketBuilder ttl(int value) {
    ttl = value;
    return this;
  }

  /** IPv4 options (padded to 4 bytes), making the header longer than 20 bytes. */
  public PacketBuilder ipv4Options(byte[] options) {
    int padded = (options.length + 3) / 4 * 4;
    ipv4Options = new byte[padded];
    System.arraycopy(options, 0, ipv4Options, 0, options.length);
    return this;
  }

  /** Makes this an IPv4 fragment (offset in 8-byte units), or an IPv6 one with {@link #ipv6Fragment}. */
  public PacketBuilder fragment(int offsetUnits, boolean more) {
    fragmentOffset = offsetUnits;
    moreFragments = more;
    return this;
  }

  /** Appends an IPv6 extension header (0 hop-by-hop, 43 routing, 60 destination options) of 8 bytes. */
  public PacketBuilder ipv6Extension(int type) {
    appendExtension(type, new byte[] {0, 0, 0, 0, 0, 0, 0, 0});
    return this;
  }

  /** Appends an IPv6 fragment header. */
  public PacketBuilder ipv6Fragment(int offsetUnits, boolean more) {
    int field = (offsetUnits << 3) | (more ? 1 : 0);
    appendExtension(44, new byte[] {0, 0, (byte) (field >>> 8), (byte) field, 0, 0, 0, 1});
    return this;
  }

  private void appendExtension(int type, byte[] header) {
    byte[] existing = ipv6Extensions.toByteArray();
    if (firstExtension < 0) {
      firstExtension = type;
    } else {
      existing[lastExtensionNextOffset] = (byte) type;
      ipv6Extensions.reset();
      ipv6Extensions.writeBytes(existing);
    }
    lastExtensionNextOffset = existing.length;
    ipv6Extensions.writeBytes(header);
  }

  public PacketBuilder tcp(int srcPort, int dstPort, int flags) {
    protocol = PacketView.PROTO_TCP;
    transport = new byte[20];
    put16(transport, 0, srcPort);
    put16(transport, 2, dstPort);
    put32(transport, 4, 1000);
    put32(transport, 8, (flags & PacketView.TCP_ACK) != 0 ? 2000 : 0);
    transport[12] = 0x50;
    transport[13] = (byte) flags;
    put16(transport, 14, 65535);
    return this;
  }

  public PacketBuilder udp(int srcPort, int dstPort) {
    protocol = PacketView.PROTO_UDP;
    transport = new byte[8];
    put16(transport, 0, srcPort);
    put16(transport, 2, dstPort);
    return this;
  }

  /** ICMP, or ICMPv6 on an IPv6 packet; the 4 bytes after type, code and checksum are zero. */
  public PacketBuilder icmp(int type, int code) {
    protocol = ipVersion == 6 ? PacketView.PROTO_ICMPV6 : PacketView.PROTO_ICMP;
    transport = new byte[8];
    transport[0] = (byte) type;
    transport[1] = (byte) code;
    return this;
  }

  /** Any other IP protocol number, with no transport header. */
  public PacketBuilder protocol(int number) {
    protocol = number;
    transport = new byte[0];
    return this;
  }

  public PacketBuilder payload(byte[] bytes) {
    payload = bytes.clone();
    return this;
  }

  /** An Ethernet/IPv4 ARP packet (op 1 request, 2 reply). */
  public PacketBuilder arp(int op, long senderMac, String senderIp, long targetMac, String targetIp) {
    arp = new byte[28];
    put16(arp, 0, 1);
    put16(arp, 2, 0x0800);
    arp[4] = 6;
    arp[5] = 4;
    put16(arp, 6, op);
    putMac(arp, 8, senderMac);
    System.arraycopy(literal(senderIp, 4), 0, arp, 14, 4);
    putMac(arp, 18, targetMac);
    System.arraycopy(literal(targetIp, 4), 0, arp, 24, 4);
    return this;
  }

  /** A DNS message with one question for {@code name} (labels split on '.'), as the payload. */
  public PacketBuilder dnsQuery(String name, boolean response) {
    return payload(dnsMessage(labels(name), response));
  }

  /** A DNS message whose question name is given in wire form (length-prefixed labels, then 0 or a pointer). */
  public static byte[] dnsMessage(byte[] wireName, boolean response) {
    byte[] msg = new byte[12 + wireName.length + 4];
    put16(msg, 0, 0x1234);
    msg[2] = (byte) (response ? 0x81 : 0x01);
    put16(msg, 4, 1);
    System.arraycopy(wireName, 0, msg, 12, wireName.length);
    put16(msg, 12 + wireName.length, 1);
    put16(msg, 14 + wireName.length, 1);
    return msg;
  }

  /** {@code www.example.com} as length-prefixed labels ending in the root label. */
  public static byte[] labels(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String label : name.split("\\.")) {
      if (label.isEmpty()) {
        continue;
      }
      byte[] bytes = label.getBytes(StandardCharsets.ISO_8859_1);
      out.write(bytes.length);
      out.writeBytes(bytes);
    }
    out.write(0);
    return out.toByteArray();
  }

  public byte[] build() {
    byte[] l3 = network();
    int type = arp != null ? 0x0806 : ipVersion == 4 ? 0x0800 : ipVersion == 6 ? 0x86DD : etherType;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (link) {
      case ETHERNET:
        {
          byte[] header = new byte[12];
          putMac(header, 0, dstMac);
          putMac(header, 6, srcMac);
          out.writeBytes(header);
          out.writeBytes(vlanTagsWithTypes(type));
          break;
        }
      case SLL:
        {
          byte[] header = new byte[16];
          put16(header, 0, 0);
          put16(header, 2, 1);
          put16(header, 4, 6);
          putMac(header, 6, srcMac);
          put16(header, 14, type);
          out.writeBytes(header);
          break;
        }
      case SLL2:
        {
          byte[] header = new byte[20];
          put16(header, 0, type);
          put32(header, 4, 2);
          put16(header, 8, 1);
          header[10] = 0;
          header[11] = 6;
          putMac(header, 12, srcMac);
          out.writeBytes(header);
          break;
        }
      case NULL_LE:
        out.writeBytes(new byte[] {(byte) (ipVersion == 6 ? 30 : 2), 0, 0, 0});
        break;
      default:
        break;
    }
    out.writeBytes(l3);
    return out.toByteArray();
  }

  private byte[] vlanTagsWithTypes(int innerType) {
    byte[] tags = vlanTags.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // Each tag's TPID stands where the EtherType would, followed by its TCI; the real EtherType comes last.
    for (int i = 0; i < tags.length; i += 4) {
      out.write(tags[i]);
      out.write(tags[i + 1]);
      out.write(tags[i + 2]);
      out.write(tags[i + 3]);
    }
    out.write(innerType >>> 8);
    out.write(innerType);
    return out.toByteArray();
  }

  private byte[] network() {
    if (arp != null) {
      return arp;
    }
    byte[] l4 = concat(transport, payload);
    if (protocol == PacketView.PROTO_UDP) {
      put16(l4, 4, l4.length);
    }
    if (ipVersion == 4) {
      int headerLength = 20 + ipv4Options.length;
      byte[] ip = new byte[headerLength];
      ip[0] = (byte) (0x40 | headerLength / 4);
      put16(ip, 2, headerLength + l4.length);
      put16(ip, 4, 0x4242);
      put16(ip, 6, (moreFragments ? 0x2000 : 0) | (fragmentOffset & 0x1FFF));
      ip[8] = (byte) ttl;
      ip[9] = (byte) protocol;
      System.arraycopy(src, 0, ip, 12, 4);
      System.arraycopy(dst, 0, ip, 16, 4);
      System.arraycopy(ipv4Options, 0, ip, 20, ipv4Options.length);
      return concat(ip, l4);
    }
    if (ipVersion == 6) {
      byte[] extensions = ipv6Extensions.toByteArray();
      if (lastExtensionNextOffset >= 0) {
        extensions[lastExtensionNextOffset] = (byte) protocol;
      }
      byte[] ip = new byte[40];
      ip[0] = 0x60;
      put16(ip, 4, extensions.length + l4.length);
      ip[6] = (byte) (firstExtension >= 0 ? firstExtension : protocol);
      ip[7] = (byte) ttl;
      System.arraycopy(src, 0, ip, 8, 16);
      System.arraycopy(dst, 0, ip, 24, 16);
      return concat(concat(ip, extensions), l4);
    }
    return payload;
  }

  private static byte[] literal(String ip, int length) {
    try {
      byte[] bytes = InetAddress.getByName(ip).getAddress();
      if (bytes.length == length) {
        return bytes;
      }
      if (length == 16 && bytes.length == 4) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return mapped;
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal: " + ip, e);
    }
    throw new IllegalArgumentException("not an IPv" + (length == 4 ? 4 : 6) + " literal: " + ip);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static void put16(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 8);
    b[i + 1] = (byte) v;
  }

  static void put32(byte[] b, int i, int v) {
    put16(b, i, v >>> 16);
    put16(b, i + 2, v);
  }

  static void putMac(byte[] b, int i, long mac) {
    for (int k = 0; k < 6; k++) {
      b[i + k] = (byte) (mac >>> (40 - 8 * k));
    }
  }
}
