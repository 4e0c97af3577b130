package io.netsentinel.examples.webhook;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A logger of its own for one test, whose events the test reads (INFO and up). */
final class CapturedLog {
  private final ch.qos.logback.classic.Logger logger;
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();

  CapturedLog() {
    logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("webhook-test-" + UUID.randomUUID());
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    events.start();
    logger.addAppender(events);
  }

  Logger logger() {
    return logger;
  }

  List<ILoggingEvent> events() {
    return List.copyOf(events.list);
  }
}
