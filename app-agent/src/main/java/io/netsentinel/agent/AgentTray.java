package io.netsentinel.agent;

import io.netsentinel.api.Severity;
import java.awt.AWTException;
import java.awt.Desktop;
import java.awt.Dimension;
import java.awt.GraphicsEnvironment;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's system tray icon: a shield whose colour follows the latest alert severity, with a menu to open the
 * dashboard, show the status and stop the agent. Off when headless or when the desktop has no system tray.
 */
final class AgentTray implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentTray.class);
  static final String TOOLTIP = "NetSentinel agent";

  private final Supplier<String> dashboardUrl;
  private final Supplier<String> status;
  private final Runnable stopAction;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final int iconSize;
  private final TrayIcon icon;
  private volatile Severity severity;

  /**
   * Builds the icon and its menu without adding it to the tray; use {@link #start} to show it.
   *
   * @param dashboardUrl the dashboard address to open in the default browser
   * @param status the status text (packets, alerts, server URL) for Show Status
   * @param stopAction run (on its own thread) by Stop Agent
   */
  AgentTray(Supplier<String> dashboardUrl, Supplier<String> status, Runnable stopAction) {
    this.dashboardUrl = Objects.requireNonNull(dashboardUrl, "dashboardUrl");
    this.status = Objects.requireNonNull(status, "status");
    this.stopAction = Objects.requireNonNull(stopAction, "stopAction");
    int size = 16;
    try {
      Dimension d = SystemTray.getSystemTray().getTrayIconSize();
      size = Math.max(16, Math.max(d.width, d.height));
    } catch (RuntimeException | LinkageError e) {
      // no tray: keep the default size
    }
    this.iconSize = size;

    PopupMenu menu = new PopupMenu();
    MenuItem open = new MenuItem("Open Dashboard");
    open.addActionListener(e -> openDashboard());
    MenuItem show = new MenuItem("Show Status");
    show.addActionListener(e -> showStatus());
    MenuItem stop = new MenuItem("Stop Agent");
    stop.addActionListener(e -> stop());
    menu.add(open);
    menu.add(show);
    menu.addSeparator();
    menu.add(stop);

    this.icon = new TrayIcon(ShieldIcon.render(null, size), TOOLTIP, menu);
    this.icon.setImageAutoSize(true);
    this.icon.addActionListener(e -> showStatus()); // double click
  }

  /**
   * Shows the tray icon. Empty (never an exception) when headless, when the desktop has no system tray, or when
   * adding the icon fails.
   */
  static Optional<AgentTray> start(Supplier<String> dashboardUrl, Supplier<String> status, Runnable stopAction) {
    try {
      if (GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
        LOG.debug("no system tray: headless or not supported");
        return Optional.empty();
      }
      AgentTray tray = new AgentTray(dashboardUrl, status, stopAction);
      SystemTray.getSystemTray().add(tray.icon);
      LOG.debug("tray icon shown");
      return Optional.of(tray);
    } catch (AWTException | RuntimeException | LinkageError e) {
      LOG.warn("the tray icon is off: {}", e.toString());
      return Optional.empty();
    }
  }

  /** Colours the shield for the latest alert's severity. */
  void onAlert(Severity latest) {
    if (latest == null || closed.get()) {
      return;
    }
    if (latest != severity) {
      severity = latest;
      icon.setImage(ShieldIcon.render(latest, iconSize));
      icon.setToolTip(TOOLTIP + ": latest alert " + latest);
    }
  }

  /** The latest severity shown, or {@code null} while idle. */
  Severity severity() {
    return severity;
  }

  TrayIcon icon() {
    return icon;
  }

  void openDashboard() {
    String url = dashboardUrl.get();
    try {
      if (url != null && Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
        Desktop.getDesktop().browse(URI.create(url));
        return;
      }
    } catch (Exception e) {
      LOG.warn("could not open the browser: {}", e.toString());
    }
    LOG.info("Dashboard: {}", url);
  }

  void showStatus() {
    String text = status.get();
    icon.displayMessage("NetSentinel agent", text, TrayIcon.MessageType.INFO);
    LOG.info("Status: {}", text);
  }

  void stop() {
    Thread t = new Thread(stopAction, "agent-tray-stop");
    t.setDaemon(false);
    t.start();
  }

  /** Removes the icon; safe to call more than once. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        SystemTray.getSystemTray().remove(icon);
      } catch (RuntimeException | LinkageError e) {
        LOG.debug("removing the tray icon: {}", e.toString());
      }
    }
  }
}
