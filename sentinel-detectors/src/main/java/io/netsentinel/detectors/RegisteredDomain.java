package io.netsentinel.detectors;

import java.util.Locale;

/**
 * The registered domain of a name, without a public-suffix list: the last two labels, or the last three when the
 * top-level domain is a two-letter country code and the label before it is at most three characters ({@code
 * example.co.uk}, {@code example.com.au}). Good enough to group a tunnel's queries; not a security boundary.
 */
final class RegisteredDomain {
  private RegisteredDomain() {}

  static String of(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    int last = n.lastIndexOf('.');
    if (last < 0) {
      return n;
    }
    int second = n.lastIndexOf('.', last - 1);
    if (second < 0) {
      return n;
    }
    String tld = n.substring(last + 1);
    String sld = n.substring(second + 1, last);
    if (tld.length() == 2 && sld.length() <= 3) {
      int third = n.lastIndexOf('.', second - 1);
      return third < 0 ? n : n.substring(third + 1);
    }
    return n.substring(second + 1);
  }
}
