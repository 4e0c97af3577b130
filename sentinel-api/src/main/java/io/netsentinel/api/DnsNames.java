package io.netsentinel.api;

/** Decodes the question name of a DNS message without trusting a single byte of it. */
final class DnsNames {
  /** 255 wire bytes, each escaped to at most 4 characters. */
  static final int MAX_TEXT_LENGTH = 255 * 4;

  private static final int HEADER_LENGTH = 12;
  private static final int MAX_WIRE_LENGTH = 255;
  private static final int MAX_POINTERS = 16;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private DnsNames() {}

  /**
   * Appends the first question's name, in dotted text, to {@code out} and returns its dotted length in raw bytes; the
   * root name is empty with length 0. Returns -1 when there is no question or the name is malformed: a label over 63
   * bytes, a name over 255 bytes, a reserved label type, a compression pointer that does not point backwards, too many
   * pointers, or a name cut off by the end of the message.
   */
  static int decodeQuestionName(byte[] buf, int message, int end, StringBuilder out) {
    if (end - message < HEADER_LENGTH + 1) {
      return -1;
    }
    int questions = ((buf[message + 4] & 0xFF) << 8) | (buf[message + 5] & 0xFF);
    if (questions == 0) {
      return -1;
    }
    int pos = message + HEADER_LENGTH;
    int wireLength = 0;
    int dottedLength = 0;
    int pointers = 0;
    int limit = Integer.MAX_VALUE;
    while (true) {
      if (pos >= end) {
        return -1;
      }
      int length = buf[pos] & 0xFF;
      if (length == 0) {
        return dottedLength;
      }
      int type = length & 0xC0;
      if (type == 0xC0) {
        if (pos + 1 >= end || ++pointers > MAX_POINTERS) {
          return -1;
        }
        int target = message + (((length & 0x3F) << 8) | (buf[pos + 1] & 0xFF));
        // Each jump must land strictly before the previous one (and before the pointer), so no loop is possible.
        if (target >= pos || target >= limit || target < message + HEADER_LENGTH) {
          return -1;
        }
        limit = target;
        pos = target;
        continue;
      }
      if (type != 0 || pos + 1 + length > end) {
        return -1;
      }
      wireLength += length + 1;
      if (wireLength > MAX_WIRE_LENGTH) {
        return -1;
      }
      if (dottedLength > 0) {
        out.append('.');
        dottedLength++;
      }
      for (int i = pos + 1; i <= pos + length; i++) {
        int b = buf[i] & 0xFF;
        if (b > 0x20 && b < 0x7F && b != '.' && b != '\\') {
          out.append((char) b);
        } else {
          out.append('\\').append('x').append(HEX[b >>> 4]).append(HEX[b & 0xF]);
        }
      }
      dottedLength += length;
      pos += length + 1;
    }
  }
}
