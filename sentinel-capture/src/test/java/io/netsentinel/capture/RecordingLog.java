package io.netsentinel.capture;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/** A logger of its own for one test, keeping what was logged. */
final class RecordingLog {
  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  RecordingLog() {
    logger = (Logger) LoggerFactory.getLogger("test." + UUID.randomUUID());
    logger.setAdditive(false);
    logger.setLevel(Level.DEBUG);
    appender.start();
    logger.addAppender(appender);
  }

  org.slf4j.Logger logger() {
    return logger;
  }

  List<String> warnings() {
    return appender.list.stream()
        .filter(event -> event.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
