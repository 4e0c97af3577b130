package io.netsentinel.capture;

import java.io.IOException;

/** A live capture could not start. The message is one line meant for the user, saying what to do. */
public final class LiveCaptureException extends IOException {
  public LiveCaptureException(String message) {
    super(message);
  }

  public LiveCaptureException(String message, Throwable cause) {
    super(message, cause);
  }
}
