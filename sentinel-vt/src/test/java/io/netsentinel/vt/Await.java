package io.netsentinel.vt;

import static org.assertj.core.api.Assertions.fail;

import java.util.function.BooleanSupplier;

/** Bounded waiting for something another thread does. */
final class Await {
  private Await() {}

  static void until(String what, BooleanSupplier condition) {
    until(what, 5_000, condition);
  }

  static void until(String what, long maxMillis, BooleanSupplier condition) {
    long deadline = System.nanoTime() + maxMillis * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + maxMillis + " ms waiting for " + what);
      }
      sleep(5);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
