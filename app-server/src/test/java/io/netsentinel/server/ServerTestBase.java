package io.netsentinel.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh {@link TestServer} in a temporary folder for every test, closed after it (whatever {@code s} is then). */
abstract class ServerTestBase {
  @TempDir Path tmp;
  TestServer s;

  /** The limits the server starts with; a test class overrides this to shrink one. */
  ServerLimits limits() {
    return ServerLimits.defaults();
  }

  @BeforeEach
  final void startServer() throws Exception {
    s = TestServer.start(tmp, limits());
  }

  @AfterEach
  final void stopServer() {
    s.close();
  }
}
