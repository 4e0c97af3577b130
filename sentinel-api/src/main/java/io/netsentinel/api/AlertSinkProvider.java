package io.netsentinel.api;

/** The service interface for alert sinks, found through {@link java.util.ServiceLoader}. */
public interface AlertSinkProvider {

  /** A stable, unique, kebab-case id such as {@code eve}. */
  String id();

  AlertSink create(SinkContext context);
}
