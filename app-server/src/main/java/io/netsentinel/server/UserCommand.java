package io.netsentinel.server;

import io.netsentinel.pki.PasswordHash;
import io.netsentinel.pki.PkiException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code user add NAME --password-file F} and {@code user delete NAME}: the dashboard accounts in users.json. */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    versionProvider = ServerVersion.class,
    subcommands = {UserCommand.Add.class, UserCommand.Delete.class, HelpCommand.class},
    description = {"Adds or deletes dashboard accounts in DIR/users.json (mode 600; PBKDF2 hashes only).",
        "A running server reads the file at each login, so no restart is needed."})
final class UserCommand implements Callable<Integer> {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("netsentinel-server user: say add or delete (see --help)");
    return 2;
  }

  static String checkedName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new PkiException("invalid user name '" + name + "': use 1-64 characters of A-Z a-z 0-9 . _ -");
    }
    return name;
  }

  /** What add and delete both take: the account's NAME and the server folder. */
  static final class Account {
    @Parameters(paramLabel = "NAME", description = "The account name.")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".", description = "Server folder made by init"
        + " (default: the current folder).")
    Path dir;

    /** The folder's users.json, once the name and the folder are checked (in that order). */
    Path usersFile() throws FileSystemException {
      checkedName(name);
      Dirs.requireServerDirectory(dir);
      return dir.resolve(UsersFile.FILE_NAME);
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, versionProvider = ServerVersion.class,
      description = "Adds an account, or sets the password of an existing one.")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin Account account;

    @Option(names = "--password-file", required = true, paramLabel = "FILE",
        description = "A file holding the password on one line (at least 8 characters).")
    Path passwordFile;

    @Override
    public Integer call() throws IOException {
      Path users = account.usersFile();
      char[] password = AdminPassword.read(passwordFile);
      try {
        UsersFile.put(users, account.name, PasswordHash.hash(password));
      } finally {
        Arrays.fill(password, '\0');
      }
      spec.commandLine().getOut().println("Saved account '" + account.name + "' in "
          + users.toAbsolutePath().normalize() + " (mode 600).");
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, versionProvider = ServerVersion.class,
      description = "Deletes an account. Its open dashboard sessions end at their next request.")
  static final class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin Account account;

    @Override
    public Integer call() throws IOException {
      Path users = account.usersFile();
      if (!UsersFile.delete(users, account.name)) {
        throw new PkiException(users + ": no account '" + account.name + "'");
      }
      spec.commandLine().getOut().println("Deleted account '" + account.name + "'.");
      return 0;
    }
  }
}
