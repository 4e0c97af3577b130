package io.netsentinel.capture;

/**
 * One read from a libpcap handle into a heap buffer, as pcap records: a 16-byte header in native byte order (seconds
 * as an unsigned 32-bit value, the fraction in the handle's precision, captured length, wire length), then the
 * captured bytes. The buffer stays valid until the next {@link #read}.
 */
interface BatchReader extends AutoCloseable {
  int RECORD_HEADER = 16;

  /**
   * Waits for packets, at most until the read timeout or a {@code pcap_breakloop}, and returns the bytes of records
   * now in {@link #buffer()}: 0 when none came. Throws with libpcap's message when the capture failed.
   */
  int read() throws LiveCaptureException;

  byte[] buffer();

  /** A short name for logs and docs. */
  String method();

  /** Frees the native resources; the handle itself is the caller's. */
  @Override
  void close();
}
