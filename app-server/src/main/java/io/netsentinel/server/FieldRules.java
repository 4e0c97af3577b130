package io.netsentinel.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks shared by the agent routes: length caps, ids, and IP literals (parsed without any DNS lookup). */
final class FieldRules {
  static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final Pattern ZONE = Pattern.compile("([0-9A-Fa-f:.]+)%[A-Za-z0-9_.-]{1,32}");
  private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}");

  private FieldRules() {}

  static String capped(String field, String value, int max) {
    if (value != null && value.length() > max) {
      throw ApiException.badRequest(field + ": longer than " + max + " characters (" + value.length() + ")");
    }
    return value;
  }

  /** An IPv4 or IPv6 literal (IPv6 with an optional zone such as {@code %eth0}); never resolves a name. */
  static String ip(String field, String value) {
    if (value == null) {
      return null;
    }
    Matcher zoned = ZONE.matcher(value);
    boolean hasZone = zoned.matches(); // fe80::1%eth0: the zone is the sender's business, and IPv6 only
    String address = hasZone ? zoned.group(1) : value;
    if (!hasZone && IPV4.matcher(address).matches()) {
      // Checked by hand: InetAddress would look a malformed dotted quad such as 1.2.3.999 up in the DNS.
      for (String part : address.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          throw ApiException.badRequest(field + ": not an IP address: \"" + value + "\"");
        }
      }
      return value;
    }
    if (address.indexOf(':') < 0 || !IPV6.matcher(address).matches()) {
      throw ApiException.badRequest(field + ": not an IP address: \"" + shorten(value) + "\"");
    }
    try {
      InetAddress.getByName(address); // contains ':', so the JDK parses it as IPv6 and never looks it up
    } catch (UnknownHostException e) {
      throw ApiException.badRequest(field + ": not an IP address: \"" + shorten(value) + "\"");
    }
    return value;
  }

  static String mac(String field, String value) {
    if (value != null && !MAC.matcher(value).matches()) {
      throw ApiException.badRequest(field + ": not a MAC address (aa:bb:cc:dd:ee:ff): \"" + shorten(value) + "\"");
    }
    return value;
  }

  static String agentId(String field, String value) {
    if (value == null || !AGENT_ID.matcher(value).matches()) {
      throw ApiException.badRequest(field + ": expected 1-64 characters of A-Z a-z 0-9 . _ -");
    }
    return value;
  }

  static String shorten(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
