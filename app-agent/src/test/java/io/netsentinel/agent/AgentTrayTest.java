package io.netsentinel.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netsentinel.api.Severity;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The shield's colours, always; and the real tray icon under Xvfb with trayer as the tray host, in a child JVM (so
 * this JVM stays headless), with a screenshot in target/tray-screenshot.png.
 */
class AgentTrayTest {
  private static final List<Process> CHILDREN = new ArrayList<>();

  @Test
  void shieldCentreHasTheSeverityColour() {
    assertCentre(null, ShieldIcon.IDLE);
    assertCentre(Severity.LOW, ShieldIcon.LOW);
    assertCentre(Severity.MEDIUM, ShieldIcon.MEDIUM);
    assertCentre(Severity.HIGH, ShieldIcon.HIGH);
    assertCentre(Severity.CRITICAL, ShieldIcon.CRITICAL);
  }

  @Test
  void coloursAreBlueYellowOrangeRedAndGreen() {
    assertThat(hue(ShieldIcon.colorFor(null))).isBetween(100f, 140f); // green
    assertThat(hue(ShieldIcon.colorFor(Severity.LOW))).isBetween(200f, 240f); // blue
    assertThat(hue(ShieldIcon.colorFor(Severity.MEDIUM))).isBetween(45f, 65f); // yellow
    assertThat(hue(ShieldIcon.colorFor(Severity.HIGH))).isBetween(20f, 40f); // orange
    float red = hue(ShieldIcon.colorFor(Severity.CRITICAL));
    assertThat(red < 10f || red > 350f).as("red hue %s", red).isTrue();
  }

  @Test
  void cornersAreTransparentAtEverySize() {
    for (int size : new int[] {16, 22, 24, 32, 64}) {
      BufferedImage image = ShieldIcon.render(Severity.HIGH, size);
      assertThat(image.getWidth()).isEqualTo(size);
      assertThat(image.getHeight()).isEqualTo(size);
      assertThat(image.getRGB(0, size - 1) >>> 24).isZero();
      assertThat(image.getRGB(size - 1, size - 1) >>> 24).isZero();
      assertThat(image.getRGB(size / 2, size / 2)).isEqualTo(ShieldIcon.HIGH.getRGB());
    }
  }

  @Test
  void startIsEmptyWhenHeadless() {
    assumeTrue(java.awt.GraphicsEnvironment.isHeadless(), "this JVM has a display");
    Optional<AgentTray> tray = AgentTray.start(() -> "https://localhost:8443/", () -> "status", () -> {});
    assertThat(tray).isEmpty();
  }

  @Test
  void realTrayIconUnderXvfbWithTrayer() throws Exception {
    Path xvfb = Path.of("/usr/bin/Xvfb");
    Path trayer = Path.of("/usr/bin/trayer");
    assumeTrue(Files.isExecutable(xvfb), "Xvfb is not installed (Debian package xvfb): skipping the real tray test");
    assumeTrue(Files.isExecutable(trayer), "trayer is not installed (Debian package trayer): skipping the real tray test");

    int display = freeDisplay();
    Path target = Path.of("target").toAbsolutePath();
    Files.createDirectories(target);
    Path logs = Files.createTempDirectory(target, "tray-test");
    Path screenshot = target.resolve("tray-screenshot.png");
    Files.deleteIfExists(screenshot);

    Process x = start(logs.resolve("xvfb.log"), display, xvfb.toString(), ":" + display, "-screen", "0", "1024x768x24",
        "-nolisten", "tcp");
    Path socket = Path.of("/tmp/.X11-unix/X" + display);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!Files.exists(socket) && x.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(x.isAlive()).as("Xvfb is running: %s", read(logs.resolve("xvfb.log"))).isTrue();
    assertThat(socket).as("the Xvfb socket").exists();

    Process t = start(logs.resolve("trayer.log"), display, trayer.toString(), "--edge", "top", "--align", "right",
        "--widthtype", "request", "--height", "32", "--SetDockType", "true", "--transparent", "false");
    Thread.sleep(1000);
    assertThat(t.isAlive()).as("trayer is running: %s", read(logs.resolve("trayer.log"))).isTrue();

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path childLog = logs.resolve("child.log");
    ProcessBuilder pb = new ProcessBuilder(java, "-Djava.awt.headless=false", "-cp",
        System.getProperty("java.class.path"), TrayProbeMain.class.getName(), screenshot.toString());
    pb.environment().put("DISPLAY", ":" + display);
    pb.redirectErrorStream(true).redirectOutput(childLog.toFile());
    Process child = pb.start();
    CHILDREN.add(child);
    boolean done = child.waitFor(60, TimeUnit.SECONDS);
    if (!done) {
      child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    String output = read(childLog);
    assertThat(done).as("the child JVM finished in time: %s", output).isTrue();
    assertThat(child.exitValue()).as("the child JVM's exit code; output:%n%s", output).isZero();

    assertThat(screenshot).exists();
    BufferedImage shot = ImageIO.read(screenshot.toFile());
    assertThat(shot.getWidth()).isEqualTo(1024);
    int red = 0;
    int redInTopRight = 0;
    for (int y = 0; y < shot.getHeight(); y++) {
      for (int xx = 0; xx < shot.getWidth(); xx++) {
        if (isRedish(shot.getRGB(xx, y))) {
          red++;
          if (y < 64 && xx >= shot.getWidth() / 2) {
            redInTopRight++;
          }
        }
      }
    }
    assertThat(red).as("red-ish pixels of the CRITICAL shield in the screenshot").isGreaterThanOrEqualTo(20);
    // trayer sits at the top right: the shield should be there.
    assertThat(redInTopRight).as("red-ish pixels in the tray at the top right").isGreaterThanOrEqualTo(20);
  }

  @AfterAll
  static void stopChildren() throws InterruptedException {
    for (int i = CHILDREN.size() - 1; i >= 0; i--) {
      Process p = CHILDREN.get(i);
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    CHILDREN.clear();
  }

  private static Process start(Path log, int display, String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("DISPLAY", ":" + display);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    CHILDREN.add(p);
    return p;
  }

  private static int freeDisplay() {
    for (int n = 87; n < 200; n++) {
      if (!new File("/tmp/.X" + n + "-lock").exists() && !new File("/tmp/.X11-unix/X" + n).exists()) {
        return n;
      }
    }
    throw new IllegalStateException("no free X display number");
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }

  static boolean isRedish(int rgb) {
    int r = (rgb >> 16) & 0xff;
    int g = (rgb >> 8) & 0xff;
    int b = rgb & 0xff;
    return r >= 150 && g <= 90 && b <= 90 && r - g >= 100;
  }

  private static void assertCentre(Severity severity, Color expected) {
    BufferedImage image = ShieldIcon.render(severity, 24);
    assertThat(image.getRGB(12, 12)).as("centre of the %s shield", severity).isEqualTo(expected.getRGB());
    assertThat(ShieldIcon.colorFor(severity)).isEqualTo(expected);
  }

  private static float hue(Color c) {
    return Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null)[0] * 360f;
  }
}
