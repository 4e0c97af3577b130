package io.netsentinel.capture;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh {@link NetnsLab} for every test, removed after it; the test is skipped, with the reason, where the lab
 * cannot run (not root, no {@code ip}). Use it as {@code @RegisterExtension final NetnsLabExtension netns = new
 * NetnsLabExtension();} and reach the lab through {@link #lab()}.
 */
public final class NetnsLabExtension implements BeforeEachCallback, AfterEachCallback {
  private NetnsLab lab;

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    String reason = NetnsLab.unavailableReason();
    Assumptions.assumeTrue(reason == null, () -> "skipped: " + reason);
    lab = NetnsLab.create();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (lab != null) {
      lab.close();
      lab = null;
    }
  }

  /** The current test's lab. */
  public NetnsLab lab() {
    if (lab == null) {
      throw new IllegalStateException("no network namespace: the lab is made before each test");
    }
    return lab;
  }
}
