package io.netsentinel.detectors;

import java.util.Locale;

/** Small text helpers for alert messages (these run only when an alert is built). */
final class Format {
  private Format() {}

  static String seconds(long nanos) {
    double s = nanos / 1e9;
    return s < 10 ? String.format(Locale.ROOT, "%.2f s", s) : String.format(Locale.ROOT, "%.0f s", s);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String windowSeconds(long nanos) {
    double s = nanos / 1e9;
    return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
  }
}
