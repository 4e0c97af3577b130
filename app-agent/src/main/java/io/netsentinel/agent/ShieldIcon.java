package io.netsentinel.agent;

import io.netsentinel.api.Severity;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * The agent's tray icon: a shield drawn with Java2D (no image files), filled with the colour of the latest severity.
 * The centre of the shield is always the plain fill colour.
 */
final class ShieldIcon {
  static final Color IDLE = new Color(46, 160, 67);
  static final Color LOW = new Color(31, 111, 235);
  static final Color MEDIUM = new Color(240, 200, 20);
  static final Color HIGH = new Color(245, 130, 20);
  static final Color CRITICAL = new Color(215, 25, 25);

  private ShieldIcon() {}

  /** The fill colour for a severity; {@code null} means idle (no alert yet). */
  static Color colorFor(Severity severity) {
    if (severity == null) {
      return IDLE;
    }
    switch (severity) {
      case LOW:
        return LOW;
      case MEDIUM:
        return MEDIUM;
      case HIGH:
        return HIGH;
      case CRITICAL:
        return CRITICAL;
      default:
        return IDLE;
    }
  }

  /** A square ARGB image of {@code size} pixels with a transparent background. */
  static BufferedImage render(Severity severity, int size) {
    int s = Math.max(8, size);
    BufferedImage image = new BufferedImage(s, s, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      double w = s;
      Path2D.Double shield = new Path2D.Double();
      shield.moveTo(w * 0.50, w * 0.04);
      shield.curveTo(w * 0.66, w * 0.14, w * 0.80, w * 0.16, w * 0.92, w * 0.16);
      shield.curveTo(w * 0.92, w * 0.52, w * 0.82, w * 0.80, w * 0.50, w * 0.96);
      shield.curveTo(w * 0.18, w * 0.80, w * 0.08, w * 0.52, w * 0.08, w * 0.16);
      shield.curveTo(w * 0.20, w * 0.16, w * 0.34, w * 0.14, w * 0.50, w * 0.04);
      shield.closePath();
      Color fill = colorFor(severity);
      g.setColor(fill);
      g.fill(shield);
      g.setColor(fill.darker().darker());
      g.setStroke(new BasicStroke((float) Math.max(1.0, w / 16.0)));
      g.draw(shield);
    } finally {
      g.dispose();
    }
    return image;
  }
}
