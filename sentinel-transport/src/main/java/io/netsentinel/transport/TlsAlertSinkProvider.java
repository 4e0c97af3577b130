package io.netsentinel.transport;

import io.netsentinel.api.AlertSink;
import io.netsentinel.api.AlertSinkProvider;
import io.netsentinel.api.SettingsException;
import io.netsentinel.api.SinkContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Sink {@code tls}: alerts to the NetSentinel server over CA-pinned HTTPS, through a durable spool. Settings (section
 * {@code sinks.tls}, falling back to the top level): {@code server_host}, {@code server_port} or {@code url}; {@code
 * api_key}; {@code ca_cert}; optional {@code client_cert}/{@code client_key}; {@code insecure}; {@code spool_dir}
 * (default {@code data_dir/spool}), {@code spool_max_bytes} (256 MiB), {@code spool_fsync} ({@code batch}); {@code
 * batch_max_alerts} (200), {@code batch_max_delay} (1 s); {@code close_timeout} (5 s); {@code heartbeat_interval}
 * (30 s).
 */
public final class TlsAlertSinkProvider implements AlertSinkProvider {
  @Override
  public String id() {
    return "tls";
  }

  @Override
  public AlertSink create(SinkContext context) {
    TransportConfig config = TransportConfig.from(context.settings());
    if (config.apiKey().isEmpty()) {
      throw new SettingsException("api_key: required to send alerts to the server (see `netsentinel-server init`)");
    }
    try {
      Spool spool = new Spool(config.spoolDir(), config.spoolMaxBytes(), Math.min(64L << 20,
          Math.max(1L << 20, config.spoolMaxBytes() / 8)), config.fsync(), context.logger());
      var client = TlsClients.create(config, context.logger());
      SinkContext.Sensor sensor = context.sensor();
      AgentSession session = new AgentSession(client, config.url(), config.apiKey(),
          context.settings().getPath("data_dir").resolve("agent_id"),
          new AgentSession.Identity(sensor.hostname(), sensor.os(), localAddress(), version()), context.logger());
      TlsAlertSink.Counters counters = new TlsAlertSink.Counters(context.counter("sent"),
          context.counter("rejected"), context.counter("heartbeats"), context.counter("spool_dropped"));
      context.gauge("spool_depth", spool::pending);
      context.gauge("spool_bytes", spool::bytes);
      return new TlsAlertSink(config, client, session, spool, context.logger(), counters, context::engineStats);
    } catch (IOException e) {
      throw new SettingsException("spool: cannot open " + config.spoolDir() + ": " + e.getMessage(), e);
    }
  }

  private static String localAddress() {
    try {
      return InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      return "127.0.0.1";
    }
  }

  private static String version() {
    String v = TlsAlertSinkProvider.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
