package io.netsentinel.pki;

/**
 * A problem with PKI input that the user can fix: an invalid subject alternative name or agent name, a PEM file that
 * holds no certificate or an unsupported key, a key that does not belong to its certificate. The message is one line
 * and names the file or the value at fault.
 */
public final class PkiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PkiException(String message) {
    super(message);
  }

  public PkiException(String message, Throwable cause) {
    super(message, cause);
  }
}
