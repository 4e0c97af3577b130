package io.netsentinel.server;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Checks of the {@code --dir} folder, so a wrong path fails first and with a message that names it. */
final class Dirs {
  private Dirs() {}

  /** For {@code init}: the folder may be missing (it is created), but must not be a file. */
  static void requireDirectoryOrAbsent(Path dir) throws FileSystemException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new FileSystemException(dir.toString(), null, "not a directory");
    }
  }

  /** For the other commands: the folder {@code init} made must exist. */
  static void requireServerDirectory(Path dir) throws FileSystemException {
    requireDirectoryOrAbsent(dir);
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "no such directory (create it with 'netsentinel-server init --dir " + dir + "')");
    }
  }

  /** A path as shown to the user: relative to the server folder when inside it. */
  static String shown(Path dir, Path file) {
    Path base = dir.toAbsolutePath().normalize();
    Path absolute = file.toAbsolutePath().normalize();
    return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
  }
}
