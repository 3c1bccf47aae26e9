package io.modelroute.provider.demo;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Paints the demo "generated image": a gradient, glows, discs, rings and stars whose colours and
 * places come from a hash of prompt and seed, captioned with the prompt's first words. Same prompt
 * and seed, same pixels. Stateless, thread-safe.
 */
final class DemoImage {
  static final InputFields.Range WIDTH = new InputFields.Range(1024, 16, 4096);
  static final InputFields.Range HEIGHT = new InputFields.Range(768, 16, 4096);

  private DemoImage() {}

  /** The image as PNG bytes. */
  static byte[] png(String prompt, long seed, int width, int height) {
    return encodePng(paint(prompt, seed, width, height).image());
  }

  static PixelCanvas paint(String prompt, long seed, int width, int height) {
    DemoRandom rnd = DemoRandom.of("image", prompt, Long.toString(seed));
    PixelCanvas canvas = new PixelCanvas(width, height);
    double hue = rnd.nextDouble();
    double spread = rnd.between(0.05, 0.35);
    canvas.fillCornerGradient(
        PixelCanvas.hsb(hue, rnd.between(0.5, 0.9), rnd.between(0.15, 0.35)),
        PixelCanvas.hsb(hue + spread, rnd.between(0.5, 0.9), rnd.between(0.35, 0.6)),
        PixelCanvas.hsb(hue - spread, rnd.between(0.4, 0.8), rnd.between(0.4, 0.7)),
        PixelCanvas.hsb(hue + 2 * spread, rnd.between(0.5, 0.9), rnd.between(0.7, 0.95)));

    double m = Math.min(width, height);
    int glows = 2 + rnd.nextInt(3);
    for (int i = 0; i < glows; i++) {
      canvas.glow(
          rnd.between(0, width),
          rnd.between(0, height),
          m * rnd.between(0.3, 0.7),
          accent(rnd, hue),
          rnd.between(0.35, 0.6));
    }
    int discs = 3 + rnd.nextInt(5);
    for (int i = 0; i < discs; i++) {
      canvas.fillDisc(
          rnd.between(0, width),
          rnd.between(0, height),
          m * rnd.between(0.04, 0.2),
          accent(rnd, hue),
          rnd.between(0.45, 0.85));
    }
    int rings = 1 + rnd.nextInt(3);
    for (int i = 0; i < rings; i++) {
      canvas.ring(
          rnd.between(0, width),
          rnd.between(0, height),
          m * rnd.between(0.1, 0.35),
          Math.max(1, m * rnd.between(0.006, 0.025)),
          accent(rnd, hue),
          rnd.between(0.5, 0.9));
    }
    int stars = 15 + rnd.nextInt(40);
    for (int i = 0; i < stars; i++) {
      canvas.fillDisc(
          rnd.between(0, width),
          rnd.between(0, height),
          Math.max(0.6, m * rnd.between(0.002, 0.006)),
          PixelCanvas.hsb(hue, 0.1, 1),
          rnd.between(0.5, 1));
    }
    caption(canvas, prompt);
    return canvas;
  }

  /** The prompt's first words, upper case, in a translucent band at the bottom left. */
  static void caption(PixelCanvas canvas, String prompt) {
    int scale = Math.max(1, Math.min(canvas.width, canvas.height) / 120);
    int margin = 2 * scale + 2;
    int bandHeight = BitmapFont.GLYPH_HEIGHT * scale + 2 * margin;
    if (canvas.height < 2 * bandHeight
        || canvas.width < 4 * BitmapFont.ADVANCE * scale + 2 * margin) {
      return;
    }
    String text = firstWords(prompt, (canvas.width - 2 * margin) / (BitmapFont.ADVANCE * scale));
    if (text.isEmpty()) {
      return;
    }
    int top = canvas.height - bandHeight;
    canvas.fillRect(0, top, BitmapFont.width(text, scale) + 2 * margin, bandHeight, 0x000000, 0.45);
    int shadow = Math.max(1, scale / 2);
    canvas.drawText(text, margin + shadow, top + margin + shadow, scale, 0x000000);
    canvas.drawText(text, margin, top + margin, scale, 0xffffff);
  }

  /** As many whole leading words as fit in {@code maxChars} (at most six), or a cut first word. */
  static String firstWords(String prompt, int maxChars) {
    String[] words = prompt.trim().toUpperCase(Locale.ROOT).split("\\s+");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words.length && i < 6; i++) {
      int needed = text.length() + (text.length() > 0 ? 1 : 0) + words[i].length();
      if (needed > maxChars) {
        if (text.length() == 0) {
          text.append(words[i], 0, Math.max(0, maxChars));
        }
        break;
      }
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(words[i]);
    }
    return text.toString();
  }

  private static int accent(DemoRandom rnd, double hue) {
    return PixelCanvas.hsb(
        hue + rnd.between(-0.25, 0.25) + (rnd.nextInt(3) == 0 ? 0.5 : 0),
        rnd.between(0.4, 0.95),
        rnd.between(0.6, 1));
  }

  static byte[] encodePng(BufferedImage image) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // a memory stream, not ImageIO.createImageOutputStream, which may spool through temp files
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), writer.getDefaultWriteParam());
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode PNG", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
