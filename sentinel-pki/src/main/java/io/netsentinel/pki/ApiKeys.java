package io.netsentinel.pki;

import java.security.SecureRandom;
import java.util.Base64;

/** The shared agent API key: 32 random bytes (256 bits), base64url without padding, so 43 characters. */
public final class ApiKeys {
  /** The number of random bytes in a key. */
  public static final int BYTES = 32;

  private ApiKeys() {}

  /** A fresh key from a new SecureRandom. */
  public static String generate() {
    return generate(new SecureRandom());
  }

  public static String generate(SecureRandom random) {
    byte[] key = new byte[BYTES];
    random.nextBytes(key);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }
}
