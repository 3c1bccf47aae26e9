package io.modelroute.provider.demo;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes frames painted on a {@link PixelCanvas} as a looping animated GIF at {@link #FPS} frames
 * per second, through the JDK's GIF writer. Frames are reduced to a fixed 6×6×6 colour cube with
 * ordered dithering: fast, deterministic, and no per-frame palette search. After the first frame,
 * pixels that did not change are written as the transparent index over the kept previous frame, so
 * still parts of a scene cost almost nothing. Stateless, thread-safe.
 */
final class AnimatedGif {
  static final int FPS = 8;

  private static final String GIF_IMAGE_METADATA = "javax_imageio_gif_image_1.0";

  /** The palette index, outside the cube, meaning "unchanged since the previous frame". */
  static final int UNCHANGED = 255;

  private static final IndexColorModel CUBE = cube();
  private static final int[][] BAYER_4X4 = {
    {0, 8, 2, 10}, {12, 4, 14, 6}, {3, 11, 1, 9}, {15, 7, 13, 5}
  };

  /**
   * {@code LEVEL[threshold][value]}: the cube level (0–5) of a channel value under a dither
   * threshold.
   */
  private static final byte[][] LEVEL = levels();

  /** Paints frame {@code frame} of {@code frames} onto the canvas, overwriting every pixel. */
  @FunctionalInterface
  interface FramePainter {
    void paint(PixelCanvas canvas, int frame, int frames);
  }

  private AnimatedGif() {}

  /** How many frames {@code seconds} of animation take (at least one). */
  static int frameCount(double seconds) {
    return (int) Math.max(1, Math.round(seconds * FPS));
  }

  /**
   * The delay after a frame in hundredths of a second. 1/8 s is 12.5 cs, which GIF cannot say, so
   * delays alternate 12 and 13 and every pair of frames lasts exactly 1/4 s.
   */
  static int delayCentis(int frame) {
    return frame % 2 == 0 ? 12 : 13;
  }

  static byte[] encode(int width, int height, int frames, FramePainter painter) {
    PixelCanvas canvas = new PixelCanvas(width, height);
    BufferedImage indexed = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, CUBE);
    byte[] written = ((DataBufferByte) indexed.getRaster().getDataBuffer()).getData();
    byte[] current = new byte[written.length];
    byte[] previous = new byte[written.length];
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      ImageTypeSpecifier type = new ImageTypeSpecifier(indexed);
      for (int frame = 0; frame < frames; frame++) {
        painter.paint(canvas, frame, frames);
        dither(canvas.pixels(), width, current);
        for (int i = 0; i < written.length; i++) {
          written[i] = frame > 0 && current[i] == previous[i] ? (byte) UNCHANGED : current[i];
        }
        writer.writeToSequence(
            new IIOImage(indexed, null, frameMetadata(writer, type, frame)), null);
        byte[] swap = previous;
        previous = current;
        current = swap;
      }
      writer.endWriteSequence();
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode GIF", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static IIOMetadata frameMetadata(ImageWriter writer, ImageTypeSpecifier type, int frame)
      throws IIOInvalidTreeException {
    IIOMetadata metadata = writer.getDefaultImageMetadata(type, null);
    IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(GIF_IMAGE_METADATA);
    IIOMetadataNode control = child(root, "GraphicControlExtension");
    // each frame stays under the next, whose transparent pixels let it show through
    control.setAttribute("disposalMethod", "doNotDispose");
    control.setAttribute("userInputFlag", "FALSE");
    control.setAttribute("transparentColorFlag", frame == 0 ? "FALSE" : "TRUE");
    control.setAttribute("delayTime", Integer.toString(delayCentis(frame)));
    control.setAttribute("transparentColorIndex", Integer.toString(UNCHANGED));
    if (frame == 0) {
      // NETSCAPE2.0 application extension: sub-block 1, loop count 0 = forever
      IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
      loop.setAttribute("applicationID", "NETSCAPE");
      loop.setAttribute("authenticationCode", "2.0");
      loop.setUserObject(new byte[] {1, 0, 0});
      child(root, "ApplicationExtensions").appendChild(loop);
    }
    metadata.setFromTree(GIF_IMAGE_METADATA, root);
    return metadata;
  }

  private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
    for (int i = 0; i < parent.getLength(); i++) {
      if (parent.item(i).getNodeName().equals(name)) {
        return (IIOMetadataNode) parent.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    parent.appendChild(node);
    return node;
  }

  /** Maps RGB pixels to cube indices with a 4×4 Bayer threshold per pixel. */
  static void dither(int[] rgb, int width, byte[] target) {
    int height = rgb.length / width;
    for (int y = 0; y < height; y++) {
      byte[][] thresholds = {
        LEVEL[BAYER_4X4[y & 3][0]],
        LEVEL[BAYER_4X4[y & 3][1]],
        LEVEL[BAYER_4X4[y & 3][2]],
        LEVEL[BAYER_4X4[y & 3][3]]
      };
      int row = y * width;
      for (int x = 0; x < width; x++) {
        byte[] level = thresholds[x & 3];
        int p = rgb[row + x];
        target[row + x] =
            (byte) (level[p >> 16 & 0xff] * 36 + level[p >> 8 & 0xff] * 6 + level[p & 0xff]);
      }
    }
  }

  private static byte[][] levels() {
    byte[][] table = new byte[16][256];
    for (int t = 0; t < 16; t++) {
      int threshold = (2 * t + 1) * 255 / 32;
      for (int v = 0; v < 256; v++) {
        table[t][v] = (byte) Math.min(5, (v * 5 + threshold) / 255);
      }
    }
    return table;
  }

  private static IndexColorModel cube() {
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    for (int i = 0; i < 216; i++) {
      r[i] = (byte) (i / 36 * 51);
      g[i] = (byte) (i / 6 % 6 * 51);
      b[i] = (byte) (i % 6 * 51);
    }
    return new IndexColorModel(8, 256, r, g, b, UNCHANGED);
  }
}
