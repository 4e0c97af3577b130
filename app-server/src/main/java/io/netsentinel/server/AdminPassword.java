package io.netsentinel.server;

import io.netsentinel.pki.PkiException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** The dashboard admin's password: read from a file, or generated. */
final class AdminPassword {
  static final int MIN_LENGTH = 8;
  static final int MAX_LENGTH = 1024;

  private AdminPassword() {}

  /**
   * The password in a file: its first line, without the line end. The file must hold that one line only, so a
   * stray second line is not silently dropped from the password the user thinks they set.
   */
  static char[] read(Path file) throws IOException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "password file not found");
    } catch (CharacterCodingException e) {
      throw new PkiException(file + ": the password file is not UTF-8 text");
    }
    if (text.endsWith("\r\n")) {
      text = text.substring(0, text.length() - 2);
    } else if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      throw new PkiException(file + ": the password file must hold the password on one line only");
    }
    if (text.codePointCount(0, text.length()) < MIN_LENGTH) {
      throw new PkiException(file + ": the admin password must have at least " + MIN_LENGTH + " characters");
    }
    if (text.length() > MAX_LENGTH) {
      throw new PkiException(file + ": the admin password is longer than " + MAX_LENGTH + " characters");
    }
    return text.toCharArray();
  }

  /** A random password: 18 bytes (144 bits) as 24 base64url characters. */
  static char[] generate(SecureRandom random) {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
  }
}
