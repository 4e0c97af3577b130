package io.netsentinel.agent;

import io.netsentinel.api.Severity;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.SystemTray;
import java.awt.Toolkit;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Run by {@link AgentTrayTest} in a child JVM with DISPLAY set to an Xvfb with a tray host: shows the real tray icon,
 * turns it CRITICAL, saves a screenshot to args[0], and exits 0 only when everything checked out.
 */
final class TrayProbeMain {
  private TrayProbeMain() {}

  public static void main(String[] args) throws Exception {
    int code;
    try {
      code = run(new File(args[0]));
    } catch (Throwable t) {
      t.printStackTrace();
      code = 10;
    }
    System.out.flush();
    System.exit(code);
  }

  private static int run(File screenshot) throws Exception {
    if (GraphicsEnvironment.isHeadless()) {
      System.out.println("FAIL: headless (DISPLAY=" + System.getenv("DISPLAY") + ")");
      return 2;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!SystemTray.isSupported() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    if (!SystemTray.isSupported()) {
      System.out.println("FAIL: SystemTray.isSupported() is false with the tray host running");
      return 3;
    }
    Optional<AgentTray> started = AgentTray.start(() -> "https://127.0.0.1:8443/",
        () -> "packets 42, alerts 3, server https://127.0.0.1:8443", () -> System.out.println("stop"));
    if (started.isEmpty()) {
      System.out.println("FAIL: AgentTray.start returned empty");
      return 4;
    }
    AgentTray tray = started.get();
    tray.onAlert(Severity.CRITICAL);
    TrayIcon[] icons = SystemTray.getSystemTray().getTrayIcons();
    if (!Arrays.asList(icons).contains(tray.icon())) {
      System.out.println("FAIL: the icon is not among the tray icons: " + Arrays.toString(icons));
      return 5;
    }
    if (tray.severity() != Severity.CRITICAL) {
      System.out.println("FAIL: severity is " + tray.severity());
      return 6;
    }
    Thread.sleep(1500); // let the tray host embed and paint the icon
    Robot robot = new Robot();
    robot.waitForIdle();
    BufferedImage shot = robot.createScreenCapture(new Rectangle(Toolkit.getDefaultToolkit().getScreenSize()));
    screenshot.getParentFile().mkdirs();
    ImageIO.write(shot, "png", screenshot);
    System.out.println("screenshot " + screenshot + " " + shot.getWidth() + "x" + shot.getHeight());
    tray.showStatus(); // the notification must not throw
    tray.close();
    tray.close(); // safe twice
    if (Arrays.asList(SystemTray.getSystemTray().getTrayIcons()).contains(tray.icon())) {
      System.out.println("FAIL: the icon is still in the tray after close()");
      return 7;
    }
    System.out.println("OK");
    return 0;
  }
}
