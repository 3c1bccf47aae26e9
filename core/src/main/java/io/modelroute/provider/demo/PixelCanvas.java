package io.modelroute.provider.demo;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * An RGB image drawn by writing its {@code int[]} raster directly: gradients, anti-aliased discs,
 * rings and glows blended with an alpha, and bitmap-font text. It uses no {@code Graphics2D}, so it
 * needs neither fonts nor a display and the same calls give the same pixels everywhere. Not
 * thread-safe.
 */
final class PixelCanvas {
  final int width;
  final int height;
  private final BufferedImage image;
  private final int[] pixels;

  PixelCanvas(int width, int height) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "canvas must be at least 1×1, got " + width + "×" + height);
    }
    this.width = width;
    this.height = height;
    this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    this.pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
  }

  /** The image backed by this canvas; later drawing shows in it. */
  BufferedImage image() {
    return image;
  }

  /** The live raster, row by row, {@code 0xRRGGBB}. */
  int[] pixels() {
    return pixels;
  }

  /**
   * Overwrites every pixel with {@code rgb}, a raster of the same size (e.g. a saved background).
   */
  void copyFrom(int[] rgb) {
    System.arraycopy(rgb, 0, pixels, 0, pixels.length);
  }

  /** Fills everything with a gradient between four corner colours (bilinear). */
  void fillCornerGradient(int topLeft, int topRight, int bottomLeft, int bottomRight) {
    for (int y = 0; y < height; y++) {
      int fy = height == 1 ? 0 : (int) (((long) y << 16) / (height - 1));
      int left = lerp(topLeft, bottomLeft, fy);
      int right = lerp(topRight, bottomRight, fy);
      int row = y * width;
      for (int x = 0; x < width; x++) {
        int fx = width == 1 ? 0 : (int) (((long) x << 16) / (width - 1));
        pixels[row + x] = lerp(left, right, fx);
      }
    }
  }

  /** A solid anti-aliased disc. */
  void fillDisc(double cx, double cy, double radius, int rgb, double alpha) {
    double inner = Math.max(0, radius - 0.5);
    double outer = radius + 0.5;
    forEachNear(
        cx,
        cy,
        outer,
        (index, d2) -> {
          if (d2 <= inner * inner) {
            blend(index, rgb, alpha);
          } else if (d2 < outer * outer) {
            blend(index, rgb, alpha * (outer - Math.sqrt(d2)));
          }
        });
  }

  /** An anti-aliased circle outline {@code thickness} pixels wide centred on {@code radius}. */
  void ring(double cx, double cy, double radius, double thickness, int rgb, double alpha) {
    double half = thickness / 2;
    forEachNear(
        cx,
        cy,
        radius + half + 0.5,
        (index, d2) -> {
          double coverage = half + 0.5 - Math.abs(Math.sqrt(d2) - radius);
          if (coverage > 0) {
            blend(index, rgb, alpha * Math.min(1, coverage));
          }
        });
  }

  /** A soft radial glow: full {@code alpha} at the centre, fading to nothing at {@code radius}. */
  void glow(double cx, double cy, double radius, int rgb, double alpha) {
    double r2 = radius * radius;
    forEachNear(
        cx,
        cy,
        radius,
        (index, d2) -> {
          if (d2 < r2) {
            double falloff = 1 - Math.sqrt(d2) / radius;
            blend(index, rgb, alpha * falloff * falloff);
          }
        });
  }

  /** A rectangle, clipped to the canvas. */
  void fillRect(int x, int y, int w, int h, int rgb, double alpha) {
    int x0 = Math.max(0, x);
    int y0 = Math.max(0, y);
    int x1 = Math.min(width, x + w);
    int y1 = Math.min(height, y + h);
    for (int yy = y0; yy < y1; yy++) {
      for (int xx = x0; xx < x1; xx++) {
        blend(yy * width + xx, rgb, alpha);
      }
    }
  }

  /**
   * Draws {@code text} in the bitmap font, top-left at (x, y), each font pixel a scale×scale block.
   */
  void drawText(String text, int x, int y, int scale, int rgb) {
    for (int i = 0; i < text.length(); i++) {
      int[] rows = BitmapFont.glyph(text.charAt(i));
      int gx = x + i * BitmapFont.ADVANCE * scale;
      for (int row = 0; row < BitmapFont.GLYPH_HEIGHT; row++) {
        for (int col = 0; col < BitmapFont.GLYPH_WIDTH; col++) {
          if ((rows[row] & (1 << (BitmapFont.GLYPH_WIDTH - 1 - col))) != 0) {
            fillRect(gx + col * scale, y + row * scale, scale, scale, rgb, 1);
          }
        }
      }
    }
  }

  /** Colour from hue (any real, wraps), saturation and brightness in [0, 1]. */
  static int hsb(double hue, double saturation, double brightness) {
    double h = (hue - Math.floor(hue)) * 6;
    int sector = (int) h;
    double f = h - sector;
    double v = clamp01(brightness);
    double s = clamp01(saturation);
    double p = v * (1 - s);
    double q = v * (1 - s * f);
    double t = v * (1 - s * (1 - f));
    return switch (sector) {
      case 0 -> rgb(v, t, p);
      case 1 -> rgb(q, v, p);
      case 2 -> rgb(p, v, t);
      case 3 -> rgb(p, q, v);
      case 4 -> rgb(t, p, v);
      default -> rgb(v, p, q);
    };
  }

  private interface PixelVisitor {
    void visit(int index, double distanceSquared);
  }

  /**
   * Visits the pixels whose centres lie in the square of half-side {@code reach} around (cx, cy).
   */
  private void forEachNear(double cx, double cy, double reach, PixelVisitor visitor) {
    int x0 = (int) Math.max(0, Math.floor(cx - reach));
    int x1 = (int) Math.min(width - 1, Math.ceil(cx + reach));
    int y0 = (int) Math.max(0, Math.floor(cy - reach));
    int y1 = (int) Math.min(height - 1, Math.ceil(cy + reach));
    for (int y = y0; y <= y1; y++) {
      double dy = y + 0.5 - cy;
      int row = y * width;
      for (int x = x0; x <= x1; x++) {
        double dx = x + 0.5 - cx;
        visitor.visit(row + x, dx * dx + dy * dy);
      }
    }
  }

  private void blend(int index, int rgb, double alpha) {
    int a = (int) (clamp01(alpha) * 256 + 0.5);
    if (a <= 0) {
      return;
    }
    int dst = pixels[index];
    int r = mixChannel(dst >> 16 & 0xff, rgb >> 16 & 0xff, a);
    int g = mixChannel(dst >> 8 & 0xff, rgb >> 8 & 0xff, a);
    int b = mixChannel(dst & 0xff, rgb & 0xff, a);
    pixels[index] = r << 16 | g << 8 | b;
  }

  private static int mixChannel(int dst, int src, int a256) {
    return dst + (((src - dst) * a256) >> 8);
  }

  /** Interpolates two colours; {@code f16} is the fraction in 16.16 fixed point. */
  private static int lerp(int from, int to, int f16) {
    int r =
        (from >> 16 & 0xff)
            + (int) ((((to >> 16 & 0xff) - (from >> 16 & 0xff)) * (long) f16) >> 16);
    int g =
        (from >> 8 & 0xff) + (int) ((((to >> 8 & 0xff) - (from >> 8 & 0xff)) * (long) f16) >> 16);
    int b = (from & 0xff) + (int) ((((to & 0xff) - (from & 0xff)) * (long) f16) >> 16);
    return r << 16 | g << 8 | b;
  }

  private static int rgb(double r, double g, double b) {
    return (int) Math.round(r * 255) << 16
        | (int) Math.round(g * 255) << 8
        | (int) Math.round(b * 255);
  }

  private static double clamp01(double v) {
    return v < 0 ? 0 : (v > 1 ? 1 : v);
  }
}
