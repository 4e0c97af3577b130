package io.netsentinel.capture;

import java.io.IOException;

/**
 * A file that cannot be read as a capture at all: empty, shorter than a header, or not pcap/pcapng. The message is
 * one line that names the file. Damage after a valid header is not an exception: the reader delivers what it can and
 * reports {@code truncated()}.
 */
public final class CaptureFormatException extends IOException {
  public CaptureFormatException(String message) {
    super(message);
  }
}
