package io.netsentinel.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The agents' {@code X-API-Key}, compared in constant time (both sides hashed first, so lengths leak nothing). */
final class ApiKeyCheck {
  private final byte[] expected;

  ApiKeyCheck(String apiKey) {
    this.expected = sha256(apiKey);
  }

  boolean matches(String given) {
    return given != null && MessageDigest.isEqual(expected, sha256(given));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
