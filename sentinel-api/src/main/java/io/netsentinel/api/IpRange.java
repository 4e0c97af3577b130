package io.netsentinel.api;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A CIDR block over the 128-bit address space of {@link PacketView}: IPv4 blocks are held in their IPv4-mapped form,
 * so {@code 10.0.0.0/8} matches exactly the addresses a view stores for 10.x.y.z.
 */
public record IpRange(long hi, long lo, int prefixLength, String text) {

  public IpRange {
    if (prefixLength < 0 || prefixLength > 128) {
      throw new IllegalArgumentException("prefix length must be 0-128: " + prefixLength);
    }
    hi &= maskHi(prefixLength);
    lo &= maskLo(prefixLength);
  }

  /**
   * Parses {@code 10.0.0.0/8}, {@code fc00::/7}, or a single address. Only literal addresses are accepted; no name is
   * ever resolved.
   */
  public static IpRange parse(String cidr) {
    String text = cidr.trim();
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    byte[] bytes = literal(address);
    int max = bytes.length == 4 ? 32 : 128;
    int prefix = max;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length in " + text, e);
      }
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException("prefix length must be 0-" + max + " in " + text);
      }
    }
    long hi;
    long lo;
    if (bytes.length == 4) {
      hi = 0;
      lo = PacketView.IPV4_MAPPED_LO_PREFIX | (toLong(bytes, 0, 4));
      prefix += 96;
    } else {
      hi = toLong(bytes, 0, 8);
      lo = toLong(bytes, 8, 8);
    }
    return new IpRange(hi, lo, prefix, text);
  }

  public boolean contains(long addressHi, long addressLo) {
    return (addressHi & maskHi(prefixLength)) == hi && (addressLo & maskLo(prefixLength)) == lo;
  }

  @Override
  public String toString() {
    return text;
  }

  private static long maskHi(int prefix) {
    if (prefix >= 64) {
      return -1L;
    }
    return prefix == 0 ? 0 : -1L << (64 - prefix);
  }

  private static long maskLo(int prefix) {
    if (prefix <= 64) {
      return 0;
    }
    return prefix == 128 ? -1L : -1L << (128 - prefix);
  }

  /** Parses an address literal without ever asking a resolver. */
  static byte[] literal(String address) {
    if (address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      byte[] bytes = new byte[4];
      String[] parts = address.split("\\.");
      for (int i = 0; i < 4; i++) {
        int octet = Integer.parseInt(parts[i]);
        if (octet > 255) {
          throw new IllegalArgumentException("not an IP address: " + address);
        }
        bytes[i] = (byte) octet;
      }
      return bytes;
    }
    // With a colon the JDK parses an IPv6 literal and never resolves it.
    if (address.indexOf(':') >= 0 && address.matches("[0-9a-fA-F:.]+")) {
      try {
        return InetAddress.getByName(address).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an IP address: " + address, e);
      }
    }
    throw new IllegalArgumentException("not an IP address: " + address);
  }

  private static long toLong(byte[] bytes, int from, int count) {
    long value = 0;
    for (int i = from; i < from + count; i++) {
      value = (value << 8) | (bytes[i] & 0xFF);
    }
    return value;
  }
}
