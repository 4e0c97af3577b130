package io.netsentinel.pki;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/**
 * Subject alternative names: DNS names and IP literals, as text. A value is an IP address only when it is written as
 * one ({@code 10.0.0.5}, {@code fd00::5}, {@code [fd00::5]}); anything else must be a DNS name. Nothing is ever
 * resolved, so a name that does not resolve here (yet) is still fine.
 */
public final class SubjectAltNames {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private SubjectAltNames() {}

  /**
   * The names a server certificate gets by default: {@code localhost}, this host's name, {@code 127.0.0.1}, {@code
   * ::1}, and every address of every local network interface (up or down: a laptop's Wi-Fi may come up later).
   */
  public static List<String> localDefaults() {
    List<String> names = new ArrayList<>(List.of("localhost"));
    String host = hostName();
    if (host != null) {
      names.add(host);
    }
    names.add("127.0.0.1");
    names.add("::1");
    try {
      Enumeration<NetworkInterface> interfaces = NetworkInterface.getNetworkInterfaces();
      for (NetworkInterface nif : interfaces == null ? List.<NetworkInterface>of() : Collections.list(interfaces)) {
        for (InetAddress address : Collections.list(nif.getInetAddresses())) {
          names.add(format(address));
        }
      }
    } catch (SocketException e) {
      // No interface list (a sandbox without /proc/net): the loopback names above still cover local use.
    }
    return merge(names);
  }

  /**
   * This host's name as a valid DNS name, or null when it has none. The name comes from the system (gethostname),
   * not from DNS, so a host whose name does not resolve still has one.
   */
  public static String hostName() {
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      // The JDK puts the name it could not resolve first in the message: "myhost: myhost: Name or service not known".
      String message = String.valueOf(e.getMessage());
      name = message.contains(":") ? message.substring(0, message.indexOf(':')).trim() : message.trim();
    }
    if (name == null || name.isEmpty() || isIpLiteral(name)) {
      return null;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    return isDnsName(lower) ? lower : null;
  }

  /** True for an IPv4 or IPv6 literal, optionally in brackets or with a zone ({@code fe80::1%eth0}). */
  public static boolean isIpLiteral(String value) {
    String bare = stripIpDecoration(value);
    return IPAddress.isValidIPv4(bare) || IPAddress.isValidIPv6(bare);
  }

  /** True for a DNS host name: dot-separated labels of letters, digits and inner hyphens, 253 characters at most. */
  public static boolean isDnsName(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".")) {
      lower = lower.substring(0, lower.length() - 1);
    }
    if (lower.isEmpty() || lower.length() > 253) {
      return false;
    }
    for (String label : lower.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    // An all-numeric dotted name would be read as a (bad) IPv4 address by clients.
    return !lower.matches("[0-9.]+");
  }

  /**
   * One name in canonical form: an IP literal in its shortest form ({@code ::1}), a DNS name in lower case without
   * a trailing dot.
   *
   * @throws PkiException when the value is neither an IP literal nor a DNS name
   */
  public static String normalize(String value) {
    String trimmed = value == null ? "" : value.trim();
    if (isIpLiteral(trimmed)) {
      return format(address(trimmed));
    }
    if (isDnsName(trimmed)) {
      String lower = trimmed.toLowerCase(Locale.ROOT);
      return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
    throw new PkiException(
        "invalid subject alternative name '" + value + "': expected a DNS name (letters, digits, hyphens, dots) or"
            + " an IP address");
  }

  /** Normalizes every name and drops repeats (IP addresses compare by value), keeping the first-seen order. */
  @SafeVarargs
  public static List<String> merge(Collection<String>... lists) {
    Map<String, String> unique = new LinkedHashMap<>();
    for (Collection<String> list : lists) {
      for (String name : list) {
        String canonical = normalize(name);
        unique.putIfAbsent(canonical, canonical);
      }
    }
    return List.copyOf(unique.keySet());
  }

  static GeneralNames toGeneralNames(List<String> names) {
    List<GeneralName> general = new ArrayList<>();
    for (String name : merge(names)) {
      if (isIpLiteral(name)) {
        general.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(address(name).getAddress())));
      } else {
        general.add(new GeneralName(GeneralName.dNSName, name));
      }
    }
    return new GeneralNames(general.toArray(new GeneralName[0]));
  }

  private static String stripIpDecoration(String value) {
    String bare = value.trim();
    if (bare.startsWith("[") && bare.endsWith("]")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    int zone = bare.indexOf('%');
    return zone >= 0 && bare.contains(":") ? bare.substring(0, zone) : bare;
  }

  private static InetAddress address(String literal) {
    String bare = stripIpDecoration(literal);
    try {
      // Safe: the text was checked to be a literal, and for literals the JDK parses instead of resolving.
      return InetAddress.getByName(bare);
    } catch (UnknownHostException e) {
      throw new PkiException("invalid IP address '" + literal + "'", e);
    }
  }

  /** An address as text, IPv6 in the RFC 5952 short form and without its zone. */
  static String format(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (b[i] & 0xFF);
      lo = (lo << 8) | (b[i + 8] & 0xFF);
    }
    return io.netsentinel.api.Addresses.format(hi, lo);
  }
}
