package io.netsentinel.store;

import java.sql.SQLException;

/** A database error the store could not handle; the operation did not take effect. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, SQLException cause) {
    super(message + ": " + cause.getMessage(), cause);
  }
}
