package io.modelroute.provider.demo;

import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the demo "video": a looping animated GIF at {@link AnimatedGif#FPS} frames per second,
 * either animated from the prompt (drifting orbs and a pulsing ring over a still gradient, the
 * prompt scrolling by) or panned and zoomed over a source image. Motion is periodic over the clip,
 * so the loop is seamless. Stateless, thread-safe.
 */
final class DemoVideo {
  static final InputFields.Range WIDTH = new InputFields.Range(320, 16, 640);
  static final InputFields.Range HEIGHT = new InputFields.Range(240, 16, 640);
  static final InputFields.Range SECONDS = new InputFields.Range(5, 1, 30);

  private static final double TAU = 2 * Math.PI;

  private DemoVideo() {}

  /** The exact playing time of a clip of {@code frames} frames, e.g. 40 → 5, 17 → 2.125. */
  static BigDecimal duration(int frames) {
    return BigDecimal.valueOf(frames).divide(BigDecimal.valueOf(AnimatedGif.FPS));
  }

  /** A clip animated from the prompt; same prompt, seed, size and length, same bytes. */
  static byte[] gifFromPrompt(String prompt, long seed, int width, int height, double seconds) {
    int w = WIDTH.clamp(width);
    int h = HEIGHT.clamp(height);
    Scene scene = Scene.of(prompt, seed, w, h);
    return AnimatedGif.encode(w, h, AnimatedGif.frameCount(SECONDS.clamp(seconds)), scene::paint);
  }

  /**
   * A clip that slowly zooms in and out of {@code source} while panning across it (the "Ken Burns"
   * effect) — the hook for image-to-video models once the engine hands providers their decoded
   * input image. Size and length are clamped like prompt-made clips.
   */
  static byte[] gifFromImage(BufferedImage source, int width, int height, double seconds) {
    int w = WIDTH.clamp(width);
    int h = HEIGHT.clamp(height);
    SourcePixels src = SourcePixels.of(source, w, h);
    return AnimatedGif.encode(w, h, AnimatedGif.frameCount(SECONDS.clamp(seconds)), src::paint);
  }

  /** An orb on a Lissajous path; integer frequencies bring it back to its start at the loop. */
  private record Orb(
      int fx,
      int fy,
      double px,
      double py,
      double ax,
      double ay,
      double radius,
      int rgb,
      double alpha) {}

  /** What a prompt-made clip shows; {@code background} is the still gradient, painted once. */
  private record Scene(
      int[] background,
      List<Orb> orbs,
      double ringX,
      double ringY,
      double ringRadius,
      int ringPulses,
      int ringRgb,
      String caption,
      int scale) {

    static Scene of(String prompt, long seed, int w, int h) {
      DemoRandom rnd = DemoRandom.of("video", prompt, Long.toString(seed));
      double hue = rnd.nextDouble();
      double m = Math.min(w, h);
      List<Orb> orbs = new ArrayList<>();
      int count = 3 + rnd.nextInt(4);
      for (int i = 0; i < count; i++) {
        orbs.add(
            new Orb(
                1 + rnd.nextInt(2),
                1 + rnd.nextInt(3),
                rnd.nextDouble(),
                rnd.nextDouble(),
                w * rnd.between(0.15, 0.4),
                h * rnd.between(0.15, 0.4),
                m * rnd.between(0.05, 0.14),
                PixelCanvas.hsb(
                    hue + rnd.between(-0.3, 0.3), rnd.between(0.5, 0.95), rnd.between(0.7, 1)),
                rnd.between(0.6, 0.9)));
      }
      int scale = Math.max(1, (int) m / 80);
      double spread = rnd.between(0.05, 0.3);
      PixelCanvas background = new PixelCanvas(w, h);
      background.fillCornerGradient(
          PixelCanvas.hsb(hue, 0.7, 0.25),
          PixelCanvas.hsb(hue + spread, 0.7, 0.5),
          PixelCanvas.hsb(hue - spread, 0.6, 0.55),
          PixelCanvas.hsb(hue + 2 * spread, 0.7, 0.85));
      return new Scene(
          background.pixels(),
          orbs,
          w * rnd.between(0.3, 0.7),
          h * rnd.between(0.3, 0.7),
          m * rnd.between(0.15, 0.3),
          1 + rnd.nextInt(3),
          PixelCanvas.hsb(hue + 0.5, 0.3, 1),
          DemoImage.firstWords(prompt, 60),
          scale);
    }

    void paint(PixelCanvas canvas, int frame, int frames) {
      double t = (double) frame / frames;
      // a still background: unchanged pixels are nearly free in the GIF
      canvas.copyFrom(background);
      double pulse = 1 + 0.25 * Math.sin(TAU * ringPulses * t);
      canvas.ring(ringX, ringY, ringRadius * pulse, Math.max(1, ringRadius * 0.08), ringRgb, 0.7);
      for (Orb orb : orbs) {
        double x = canvas.width / 2.0 + orb.ax() * Math.sin(TAU * (orb.fx() * t + orb.px()));
        double y = canvas.height / 2.0 + orb.ay() * Math.sin(TAU * (orb.fy() * t + orb.py()));
        canvas.glow(x, y, orb.radius() * 2.2, orb.rgb(), 0.35);
        canvas.fillDisc(x, y, orb.radius(), orb.rgb(), orb.alpha());
      }
      if (!caption.isEmpty() && canvas.height >= 4 * BitmapFont.GLYPH_HEIGHT * scale) {
        // scrolls from just off the right edge to just off the left edge over one loop
        int textWidth = BitmapFont.width(caption, scale);
        int x = canvas.width - (int) Math.round(t * (canvas.width + textWidth));
        int y = canvas.height - (BitmapFont.GLYPH_HEIGHT + 3) * scale;
        canvas.drawText(
            caption, x + Math.max(1, scale / 2), y + Math.max(1, scale / 2), scale, 0x000000);
        canvas.drawText(caption, x, y, scale, 0xffffff);
      }
    }
  }

  /** A source image reduced to a working copy at most about twice the output size. */
  private record SourcePixels(int[] rgb, int width, int height, int outWidth, int outHeight) {

    static SourcePixels of(BufferedImage source, int outWidth, int outHeight) {
      int sw = source.getWidth();
      int sh = source.getHeight();
      double f = Math.min(1, Math.max(2.0 * outWidth / sw, 2.0 * outHeight / sh));
      int ww = Math.max(1, (int) Math.round(sw * f));
      int wh = Math.max(1, (int) Math.round(sh * f));
      int[] rgb = new int[ww * wh];
      int[] row = new int[sw];
      for (int y = 0; y < wh; y++) {
        int sy = Math.min(sh - 1, (int) ((y + 0.5) * sh / wh));
        source.getRGB(0, sy, sw, 1, row, 0, sw);
        for (int x = 0; x < ww; x++) {
          rgb[y * ww + x] = overBlack(row[Math.min(sw - 1, (int) ((x + 0.5) * sw / ww))]);
        }
      }
      return new SourcePixels(rgb, ww, wh, outWidth, outHeight);
    }

    void paint(PixelCanvas canvas, int frame, int frames) {
      double t = (double) frame / frames;
      // the largest crop with the output's aspect ratio, zoomed 1 → 1.25 → 1 and panned inside
      double aspect = (double) outWidth / outHeight;
      double baseW = Math.min(width, height * aspect);
      double baseH = baseW / aspect;
      double zoom = 1 + 0.25 * (1 - Math.cos(TAU * t)) / 2;
      double cropW = baseW / zoom;
      double cropH = baseH / zoom;
      double cx = width / 2.0 + (width - cropW) / 2 * 0.9 * Math.sin(TAU * t);
      double cy = height / 2.0 + (height - cropH) / 2 * 0.9 * Math.sin(2 * TAU * t);
      double left = cx - cropW / 2;
      double top = cy - cropH / 2;
      int[] out = canvas.pixels();
      for (int y = 0; y < outHeight; y++) {
        double sy = clamp(top + (y + 0.5) * cropH / outHeight - 0.5, height - 1);
        int y0 = (int) sy;
        int y1 = Math.min(height - 1, y0 + 1);
        double fy = sy - y0;
        for (int x = 0; x < outWidth; x++) {
          double sx = clamp(left + (x + 0.5) * cropW / outWidth - 0.5, width - 1);
          int x0 = (int) sx;
          int x1 = Math.min(width - 1, x0 + 1);
          double fx = sx - x0;
          out[y * outWidth + x] =
              bilinear(
                  rgb[y0 * width + x0],
                  rgb[y0 * width + x1],
                  rgb[y1 * width + x0],
                  rgb[y1 * width + x1],
                  fx,
                  fy);
        }
      }
    }

    /** An ARGB pixel composited over black, as a translucent source should look. */
    private static int overBlack(int argb) {
      int alpha = argb >>> 24;
      if (alpha == 0xff) {
        return argb & 0xffffff;
      }
      int r = (argb >> 16 & 0xff) * alpha / 255;
      int g = (argb >> 8 & 0xff) * alpha / 255;
      int b = (argb & 0xff) * alpha / 255;
      return r << 16 | g << 8 | b;
    }

    private static double clamp(double v, double max) {
      return v < 0 ? 0 : Math.min(v, max);
    }

    private static int bilinear(int c00, int c10, int c01, int c11, double fx, double fy) {
      int result = 0;
      for (int shift = 16; shift >= 0; shift -= 8) {
        double top = (c00 >> shift & 0xff) * (1 - fx) + (c10 >> shift & 0xff) * fx;
        double bottom = (c01 >> shift & 0xff) * (1 - fx) + (c11 >> shift & 0xff) * fx;
        result |= (int) Math.round(top * (1 - fy) + bottom * fy) << shift;
      }
      return result;
    }
  }
}
