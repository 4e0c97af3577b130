package io.netsentinel.detectors;

import java.util.Locale;

/**
 * The registered domain of a name, without a public-suffix list: the last two labels, or the last three when the
 * top-level domain is a two-letter country code and the label before it is at most three characters ({@code
 * example.co.uk}, {@code example.com.au}). Good enough to group a tunnel's queries; not a security boundary.
 */
final class RegisteredDomain {
  private RegisteredDomain() {}

  /** The registered domain of {@code name}, lower case; reads the name in place and copies only that part. */
  static String of(CharSequence name) {
    int end = name.length();
    if (end > 0 && name.charAt(end - 1) == '.') {
      end--;
    }
    int last = lastDot(name, end - 1);
    int second = last < 0 ? -1 : lastDot(name, last - 1);
    if (second < 0) {
      return lower(name, 0, end);
    }
    if (end - last - 1 == 2 && last - second - 1 <= 3) {
      int third = lastDot(name, second - 1);
      return lower(name, third + 1, end);
    }
    return lower(name, second + 1, end);
  }

  private static int lastDot(CharSequence s, int from) {
    for (int i = from; i >= 0; i--) {
      if (s.charAt(i) == '.') {
        return i;
      }
    }
    return -1;
  }

  private static String lower(CharSequence s, int start, int end) {
    return s.subSequence(start, end).toString().toLowerCase(Locale.ROOT);
  }
}
