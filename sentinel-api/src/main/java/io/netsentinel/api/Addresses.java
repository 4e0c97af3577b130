package io.netsentinel.api;

/**
 * Text forms of the primitive addresses in a {@link PacketView}. These allocate, so call them only when an alert is
 * built.
 */
public final class Addresses {
  private Addresses() {}

  /** True when {@code (hi, lo)} is an IPv4-mapped address {@code ::ffff:a.b.c.d}. */
  public static boolean isIpv4Mapped(long hi, long lo) {
    return hi == 0 && (lo >>> 32) == 0xFFFFL;
  }

  /** The low word of the IPv4-mapped form of {@code ipv4}. */
  public static long ipv4MappedLo(int ipv4) {
    return PacketView.IPV4_MAPPED_LO_PREFIX | (ipv4 & 0xFFFF_FFFFL);
  }

  /** Dotted quad for IPv4-mapped values, RFC 5952 text for the rest. */
  public static String format(long hi, long lo) {
    if (isIpv4Mapped(hi, lo)) {
      return formatIpv4((int) lo);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 4; i++) {
      groups[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
      groups[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
    }
    // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  public static String formatIpv4(int ipv4) {
    return ((ipv4 >>> 24) & 0xFF)
        + "."
        + ((ipv4 >>> 16) & 0xFF)
        + "."
        + ((ipv4 >>> 8) & 0xFF)
        + "."
        + (ipv4 & 0xFF);
  }

  /** {@code aa:bb:cc:dd:ee:ff}, or null for -1 (no MAC). */
  public static String formatMac(long mac) {
    if (mac < 0) {
      return null;
    }
    StringBuilder text = new StringBuilder(17);
    for (int shift = 40; shift >= 0; shift -= 8) {
      int octet = (int) (mac >>> shift) & 0xFF;
      if (text.length() > 0) {
        text.append(':');
      }
      text.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xF, 16));
    }
    return text.toString();
  }
}
