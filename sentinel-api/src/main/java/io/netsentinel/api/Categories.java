package io.netsentinel.api;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The standard alert categories. A plugin may use its own category; it must match {@link #isValid(String)}, the same
 * rule the server applies.
 */
public final class Categories {
  public static final String PORT_SCAN = "PORT_SCAN";
  public static final String SYN_FLOOD = "SYN_FLOOD";
  public static final String ICMP_FLOOD = "ICMP_FLOOD";
  public static final String SUSPICIOUS_PORT = "SUSPICIOUS_PORT";
  public static final String ARP_SPOOF = "ARP_SPOOF";
  public static final String DNS_TUNNEL = "DNS_TUNNEL";
  public static final String DATA_EXFIL = "DATA_EXFIL";
  public static final String BRUTE_FORCE = "BRUTE_FORCE";
  public static final String VT_MALICIOUS_IP = "VT_MALICIOUS_IP";
  public static final String VT_MALICIOUS_DOMAIN = "VT_MALICIOUS_DOMAIN";

  /** The ten categories that ship with NetSentinel, in the order of the design's detector table. */
  public static final List<String> STANDARD =
      List.of(
          PORT_SCAN,
          SYN_FLOOD,
          ICMP_FLOOD,
          SUSPICIOUS_PORT,
          ARP_SPOOF,
          DNS_TUNNEL,
          DATA_EXFIL,
          BRUTE_FORCE,
          VT_MALICIOUS_IP,
          VT_MALICIOUS_DOMAIN);

  private static final Pattern VALID = Pattern.compile("[A-Z0-9_]{1,64}");

  private Categories() {}

  /** True for a standard category or a plugin category of 1 to 64 characters from {@code [A-Z0-9_]}. */
  public static boolean isValid(String category) {
    return category != null && VALID.matcher(category).matches();
  }
}
