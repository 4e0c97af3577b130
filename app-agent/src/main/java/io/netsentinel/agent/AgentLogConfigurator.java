package io.netsentinel.agent;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.net.URL;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * The agent's logging, set up in code rather than by logback's XML configurator, which cost about 0.15 s of every
 * start (docs/benchmarks.md, "Start-up"): logs on standard error (standard output carries the alerts and, with
 * {@code --json}, only JSON), {@code HH:mm:ss.SSS LEVEL logger - message}, INFO, and {@code org.pcap4j} at WARN.
 *
 * <p>{@code -Dlogback.configurationFile=FILE} still wins, as does a {@code logback-test.xml} on the class path: then
 * this configurator steps aside and logback reads the file as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class AgentLogConfigurator extends ContextAwareBase implements Configurator {
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";

  private final Function<String, URL> resources;

  /** For {@link java.util.ServiceLoader}. */
  public AgentLogConfigurator() {
    this(AgentLogConfigurator.class.getClassLoader()::getResource);
  }

  AgentLogConfigurator(Function<String, URL> resources) {
    this.resources = resources;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null || resources.apply("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    context.getLogger("org.pcap4j").setLevel(Level.WARN);
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
