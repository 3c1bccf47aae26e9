package io.modelroute.file;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/** Small, real sample files of each kind the detector must know, made in memory. */
public final class TestFiles {
  private TestFiles() {}

  /** A PNG of one colour. */
  public static byte[] png(int width, int height, Color color) {
    return image("png", width, height, color);
  }

  public static byte[] png() {
    return png(32, 24, Color.RED);
  }

  public static byte[] jpeg() {
    return image("jpg", 32, 24, Color.BLUE);
  }

  public static byte[] gif() {
    return image("gif", 32, 24, Color.GREEN);
  }

  /** A RIFF/WEBP header with a VP8 chunk (the detector needs only the header). */
  public static byte[] webp() {
    return concat(ascii("RIFF"), new byte[] {40, 0, 0, 0}, ascii("WEBPVP8 "), new byte[40]);
  }

  /** A PCM WAV header and a little silence. */
  public static byte[] wav() {
    return concat(
        ascii("RIFF"),
        new byte[] {36 + 64, 0, 0, 0},
        ascii("WAVEfmt "),
        new byte[] {
          16, 0, 0, 0, 1, 0, 1, 0, 0x40, 0x1f, 0, 0, (byte) 0x80, 0x3e, 0, 0, 2, 0, 16, 0
        },
        ascii("data"),
        new byte[] {64, 0, 0, 0},
        new byte[64]);
  }

  /** MPEG-1 layer III frames without an ID3 tag. */
  public static byte[] mp3() {
    byte[] frames = new byte[4 * 418];
    for (int i = 0; i < frames.length; i += 418) {
      frames[i] = (byte) 0xFF;
      frames[i + 1] = (byte) 0xFB;
      frames[i + 2] = (byte) 0x90;
      frames[i + 3] = 0x64;
    }
    return frames;
  }

  /** The start of an ISO base media (MP4) file with the common {@code isom} brand. */
  public static byte[] mp4() {
    return concat(
        new byte[] {0, 0, 0, 0x20},
        ascii("ftypisom"),
        new byte[] {0, 0, 2, 0},
        ascii("isomiso2avc1mp41"),
        new byte[] {0, 0, 0, 8},
        ascii("free"));
  }

  /** An EBML header whose DocType is {@code webm}. */
  public static byte[] webm() {
    return concat(
        new byte[] {
          0x1A,
          0x45,
          (byte) 0xDF,
          (byte) 0xA3,
          (byte) 0x9F,
          0x42,
          (byte) 0x86,
          (byte) 0x81,
          1,
          0x42,
          (byte) 0xF7,
          (byte) 0x81,
          1,
          0x42,
          (byte) 0xF2,
          (byte) 0x81,
          4,
          0x42,
          (byte) 0xF3,
          (byte) 0x81,
          8,
          0x42,
          (byte) 0x82,
          (byte) 0x84
        },
        ascii("webm"),
        new byte[] {0x42, (byte) 0x87, (byte) 0x81, 2, 0x42, (byte) 0x85, (byte) 0x81, 2});
  }

  public static byte[] pdf() {
    return ascii(
        "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
  }

  public static byte[] text() {
    return "This is plain text, not a picture.\nIt has two lines.\n"
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] image(String format, int width, int height, Color color) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
