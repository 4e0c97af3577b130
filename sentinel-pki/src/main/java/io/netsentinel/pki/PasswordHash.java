package io.netsentinel.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes for the dashboard accounts: PBKDF2-HMAC-SHA256 with a 16-byte random salt and a 32-byte output, as
 * the text {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in standard base64 without padding).
 *
 * <p>The default work factor is 600 000 iterations (OWASP's 2023 figure for PBKDF2-HMAC-SHA256); fewer than 210 000
 * is refused both when hashing and when verifying, so a tampered file cannot downgrade it.
 */
public final class PasswordHash {
  /** The scheme name at the start of every hash. */
  public static final String SCHEME = "pbkdf2-sha256";
  /** Iterations used by {@link #hash(char[])}. */
  public static final int DEFAULT_ITERATIONS = 600_000;
  /** The fewest iterations accepted. */
  public static final int MIN_ITERATIONS = 210_000;

  private static final int MAX_ITERATIONS = 10_000_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private PasswordHash() {}

  /** Hashes with {@link #DEFAULT_ITERATIONS} and a salt from a new SecureRandom. */
  public static String hash(char[] password) {
    return hash(password, DEFAULT_ITERATIONS, new SecureRandom());
  }

  public static String hash(char[] password, int iterations, SecureRandom random) {
    requireIterations(iterations);
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] derived = derive(password, salt, iterations, HASH_BYTES);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derived);
  }

  /**
   * True when the password matches the stored hash; the comparison takes the same time wherever the bytes differ.
   *
   * @throws PkiException when the stored text is not a hash in this format (a damaged accounts file should be seen,
   *     not read as "wrong password")
   */
  public static boolean verify(char[] password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$", -1);
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      throw new PkiException("not a password hash of the form " + SCHEME + "$iterations$salt$hash");
    }
    int iterations;
    byte[] salt;
    byte[] expected;
    try {
      iterations = Integer.parseInt(parts[1]);
      salt = Base64.getDecoder().decode(parts[2]);
      expected = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      throw new PkiException("damaged password hash: " + e.getMessage(), e);
    }
    requireIterations(iterations);
    if (salt.length < SALT_BYTES || expected.length < HASH_BYTES) {
      throw new PkiException("damaged password hash: salt or hash too short");
    }
    byte[] actual = derive(password, salt, iterations, expected.length);
    return MessageDigest.isEqual(actual, expected);
  }

  private static void requireIterations(int iterations) {
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new PkiException(
          "PBKDF2 iterations must be between " + MIN_ITERATIONS + " and " + MAX_ITERATIONS + ", got " + iterations);
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int length) {
    if (password.length == 0) {
      // The JDK's PBEKeySpec refuses an empty password; hashing a fixed stand-in keeps verify() constant in shape.
      password = new String(new byte[] {0}, StandardCharsets.ISO_8859_1).toCharArray();
    }
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, length * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }
}
