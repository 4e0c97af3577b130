package io.netsentinel.pki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file whole or not at all: into a temporary file beside it, created with its final mode, flushed to disk,
 * then renamed over the target. A secret therefore never exists, even briefly, with a looser mode, and a crash leaves
 * the old file or the new one, never half of one. Missing parent folders are created. On file systems without POSIX
 * modes (Windows) the mode is skipped: protect the folder with its ACL instead.
 */
public final class SecureFiles {
  private static final Set<PosixFilePermission> PRIVATE = Set.copyOf(PosixFilePermissions.fromString("rw-------"));
  private static final Set<PosixFilePermission> PUBLIC = Set.copyOf(PosixFilePermissions.fromString("rw-r--r--"));

  private SecureFiles() {}

  /** Writes a secret (a key, a config with the API key, password hashes): mode 600 from the moment it exists. */
  public static void writePrivate(Path target, byte[] content) throws IOException {
    write(target, content, PRIVATE);
  }

  /** Writes a public file (a certificate): mode 644. */
  public static void writePublic(Path target, byte[] content) throws IOException {
    write(target, content, PUBLIC);
  }

  static void write(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    createDirectories(dir);
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    FileAttribute<?>[] attributes =
        posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE)} : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp", attributes);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      if (posix && !mode.equals(PRIVATE)) {
        // The umask may only take bits away, so widening to 644 happens explicitly, after the secret-safe create.
        Files.setPosixFilePermissions(temp, mode);
      }
      try {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Like {@link Files#createDirectories}, with a message that says which path is in the way. */
  static void createDirectories(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    for (Path p = absolute; p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          throw new FileSystemException(p.toString(), null, "not a directory");
        }
        break;
      }
    }
    try {
      Files.createDirectories(absolute);
    } catch (FileAlreadyExistsException e) {
      throw new FileSystemException(e.getFile(), null, "not a directory");
    }
  }
}
