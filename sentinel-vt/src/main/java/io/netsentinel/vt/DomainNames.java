package io.netsentinel.vt;

import java.util.List;

/**
 * Checks and hashes DNS query names straight from the packet view's text, without allocating. A name is looked up
 * only when it could be a public domain: at least two labels of letters, digits, '-' and '_', at most 253
 * characters, and not under a special-use or private top-level name.
 */
final class DomainNames {
  /** Top-level names that never reach public DNS (RFC 6761, 6762, 7686, 8375 and common private ones). */
  private static final List<String> PRIVATE_TLDS = List.of("arpa", "local", "localhost", "localdomain", "invalid",
      "test", "example", "internal", "lan", "home", "corp", "onion", "intranet", "private");

  private DomainNames() {}

  /** The length of {@code name} without a trailing dot. */
  static int length(CharSequence name) {
    int n = name.length();
    return n > 0 && name.charAt(n - 1) == '.' ? n - 1 : n;
  }

  /** True when the first {@code length} characters of {@code name} are worth a VirusTotal lookup. */
  static boolean lookupable(CharSequence name, int length) {
    if (length < 3 || length > SightingQueue.MAX_NAME) {
      return false;
    }
    int labelStart = 0;
    int dots = 0;
    boolean lastLabelNumeric = true;
    for (int i = 0; i <= length; i++) {
      char c = i < length ? name.charAt(i) : '.';
      if (c == '.') {
        int label = i - labelStart;
        if (label == 0 || label > 63) {
          return false;
        }
        if (i < length) {
          dots++;
          lastLabelNumeric = true;
        }
        labelStart = i + 1;
        continue;
      }
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      boolean digit = c >= '0' && c <= '9';
      if (!letter && !digit && c != '-' && c != '_') {
        return false;
      }
      if (!digit) {
        lastLabelNumeric = false;
      }
    }
    if (dots == 0 || lastLabelNumeric) {
      return false;
    }
    int tldStart = lastDot(name, length) + 1;
    for (int i = 0; i < PRIVATE_TLDS.size(); i++) {
      if (regionEqualsIgnoreCase(name, tldStart, length, PRIVATE_TLDS.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static int lastDot(CharSequence name, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (name.charAt(i) == '.') {
        return i;
      }
    }
    return -1;
  }

  private static boolean regionEqualsIgnoreCase(CharSequence name, int from, int to, String lower) {
    if (to - from != lower.length()) {
      return false;
    }
    for (int i = 0; i < lower.length(); i++) {
      char c = name.charAt(from + i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The high word of a 128-bit hash of the lowercased name (FNV-1a). */
  static long hashHi(CharSequence name, int length) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < length; i++) {
      h ^= lower(name.charAt(i));
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** The low word: an independent multiplicative hash, finished with a murmur mix. */
  static long hashLo(CharSequence name, int length) {
    long h = 0x9E3779B97F4A7C15L ^ length;
    for (int i = 0; i < length; i++) {
      h = (h + lower(name.charAt(i))) * 0xC2B2AE3D27D4EB4FL;
      h = Long.rotateLeft(h, 31);
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }
}
