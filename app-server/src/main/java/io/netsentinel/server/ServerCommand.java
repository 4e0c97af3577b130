package io.netsentinel.server;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.netsentinel.api.Settings;
import io.netsentinel.pki.SentinelConfigFile;
import io.netsentinel.store.AlertStores;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(
    name = "netsentinel-server",
    mixinStandardHelpOptions = true,
    versionProvider = ServerVersion.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    subcommands = {
      InitCommand.class,
      RotateKeyCommand.class,
      IssueAgentCertCommand.class,
      RenewServerCertCommand.class,
      UserCommand.class,
      HelpCommand.class
    },
    description = {
      "NetSentinel server. With no command it runs the HTTPS API (agents, dashboard,",
      "WebSocket stream, /healthz, /metrics) with the config made by init.",
      "",
      "init creates the CA, the server certificate, the API key, the config and the",
      "dashboard account; rotate-key, issue-agent-cert, renew-server-cert and user",
      "maintain them. The dashboard web page is served at https://HOST:PORT/."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:finished",
      "1:bad input: a file that exists or is missing, a bad name or config (one line on stderr)",
      "2:bad command line",
      "143:the server, stopped gracefully by SIGTERM (130 after Ctrl-C)"
    })
final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "sentinel_config.json of the server (default: ./sentinel_config.json).")
  Path config;

  @Option(names = "--port", paramLabel = "N", description = "HTTPS port (default: server_port, 8443).")
  Integer port;

  @Option(names = "--listen", paramLabel = "HOST",
      description = "Address to bind (default 0.0.0.0; server_host is the name agents use).")
  String listen;

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Stack traces with errors.")
  boolean debug;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path file = config != null ? config : Path.of(SentinelConfigFile.FILE_NAME);
    if (config == null && !java.nio.file.Files.exists(file)) {
      throw new io.netsentinel.pki.PkiException("no " + SentinelConfigFile.FILE_NAME + " in the current folder; pass"
          + " --config FILE, or create a server folder with 'netsentinel-server init --dir DIR'");
    }
    Settings settings = Settings.load(file);
    for (String warning : settings.warnings()) {
      err.println("netsentinel-server: warning: " + warning);
    }
    ServerConfig serverConfig = ServerConfig.from(settings, listen, port);
    Injector injector = Guice.createInjector(
        new ServerModule(serverConfig, ServerLimits.from(settings), Clock.systemUTC()), new StoreModule());
    NetSentinelServer server = injector.getInstance(NetSentinelServer.class);
    int bound;
    try {
      bound = server.start();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    banner(out, serverConfig, bound);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("netsentinel-server: stopping");
      out.flush();
      server.close();
      stopped.countDown();
    }, "netsentinel-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static void banner(PrintWriter out, ServerConfig config, int port) {
    out.println("NetSentinel server listening on " + config.listenHost() + ":" + port
        + " (HTTPS only, TLS 1.2 ECDHE+AEAD / TLS 1.3)");
    out.println("  Agents and dashboard API: https://" + urlHost(config.publicHost()) + ":" + port + "/api/v1/");
    if ("0.0.0.0".equals(config.listenHost()) || "::".equals(config.listenHost())) {
      for (String address : localAddresses()) {
        out.println("  also reachable at:        https://" + urlHost(address) + ":" + port + "/api/v1/");
      }
    }
    String db = config.settings().getString("database_url", "");
    out.println("  Alert store: " + (db.isBlank()
        ? "embedded SQLite in " + config.settings().getPath("data_dir").resolve(AlertStores.EMBEDDED_FILE)
        : "PostgreSQL (database_url)"));
    out.println("  Health: /healthz   Prometheus: /metrics   Live stream (WebSocket): /api/v1/stream");
    out.println("  Dashboard:                https://" + urlHost(config.publicHost()) + ":" + port + "/");
    out.println("  Dashboard accounts: " + config.usersFile() + " (netsentinel-server user add NAME"
        + " --password-file FILE)");
    out.flush();
  }

  private static String urlHost(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static List<String> localAddresses() {
    List<String> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp()) {
          continue;
        }
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (!a.isLinkLocalAddress() && a instanceof java.net.Inet4Address) {
            addresses.add(a.getHostAddress());
          }
        }
      }
    } catch (SocketException e) {
      // The banner is a courtesy; the server runs anyway.
    }
    return addresses;
  }
}
