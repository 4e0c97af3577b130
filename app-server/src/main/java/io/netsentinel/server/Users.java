package io.netsentinel.server;

import io.netsentinel.pki.PasswordHash;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The dashboard accounts, read from {@code users.json} at each login, so `user add` needs no restart. */
final class Users {
  private final Path file;
  /** Checked when the name is unknown, so a wrong name costs as much time as a wrong password; made on first use. */
  private volatile String dummyHash;

  Users(Path file) {
    this.file = file;
  }

  /** True when the name and password match an account. Slow on purpose (PBKDF2): call it off the event loop. */
  boolean verify(String name, char[] password) {
    Map<String, String> accounts;
    try {
      accounts = UsersFile.load(file);
    } catch (IOException e) {
      throw new IllegalStateException(file + ": cannot read the dashboard accounts: " + e.getMessage(), e);
    }
    String hash = accounts.get(name);
    boolean ok = PasswordHash.verify(password, hash == null ? dummyHash() : hash);
    return ok && hash != null;
  }

  /**
   * Whether the account still exists, so that deleting an account ends its sessions at their next request. The file
   * is read again only when its modification time changed.
   */
  boolean exists(String name) {
    try {
      long modified = java.nio.file.Files.exists(file) ? java.nio.file.Files.getLastModifiedTime(file).toMillis() : -1;
      Cached c = cached;
      if (c == null || c.modified() != modified) {
        c = new Cached(modified, java.util.Set.copyOf(UsersFile.load(file).keySet()));
        cached = c;
      }
      return c.names().contains(name);
    } catch (IOException e) {
      throw new IllegalStateException(file + ": cannot read the dashboard accounts: " + e.getMessage(), e);
    }
  }

  private record Cached(long modified, java.util.Set<String> names) {}

  private volatile Cached cached;

  private String dummyHash() {
    String h = dummyHash;
    if (h == null) {
      h = PasswordHash.hash("not-a-password".toCharArray());
      dummyHash = h;
    }
    return h;
  }

  Path file() {
    return file;
  }
}
