package io.modelroute.provider.demo;

import static io.modelroute.provider.demo.DemoRequests.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.catalog.Category;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.ProviderOutcome.Completed;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

class DemoVideoTest {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private static final String GIF_IMAGE_METADATA = "javax_imageio_gif_image_1.0";

  private final DemoProvider provider = new DemoProvider();

  private Completed run(String input) {
    return (Completed) provider.start(DemoRequests.of(Category.VIDEO).input(input).build());
  }

  /** A decoded GIF: its frames and each frame's image metadata tree. */
  private record Gif(List<BufferedImage> frames, List<IIOMetadataNode> metadata) {
    static Gif decode(byte[] bytes) throws IOException {
      ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
      try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
        reader.setInput(in);
        int count = reader.getNumImages(true);
        List<BufferedImage> frames = new ArrayList<>();
        List<IIOMetadataNode> metadata = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          frames.add(reader.read(i));
          metadata.add((IIOMetadataNode) reader.getImageMetadata(i).getAsTree(GIF_IMAGE_METADATA));
        }
        return new Gif(frames, metadata);
      } finally {
        reader.dispose();
      }
    }

    /** The frames as a viewer shows them: each drawn over the previous, transparent pixels kept. */
    List<BufferedImage> composited() {
      int w = frames.get(0).getWidth();
      int h = frames.get(0).getHeight();
      int[] screen = new int[w * h];
      List<BufferedImage> shown = new ArrayList<>();
      for (BufferedImage frame : frames) {
        int[] argb = frame.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < screen.length; i++) {
          if (argb[i] >>> 24 != 0) {
            screen[i] = argb[i] & 0xffffff;
          }
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, w, h, screen, 0, w);
        shown.add(image);
      }
      return shown;
    }

    double transparentShare(int frame) {
      BufferedImage image = frames.get(frame);
      int[] argb =
          image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
      return (double) java.util.Arrays.stream(argb).filter(p -> p >>> 24 == 0).count()
          / argb.length;
    }

    int totalDelayCentis() {
      int total = 0;
      for (IIOMetadataNode root : metadata) {
        IIOMetadataNode control =
            (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
        total += Integer.parseInt(control.getAttribute("delayTime"));
      }
      return total;
    }

    boolean loopsForever() {
      var extensions = metadata.get(0).getElementsByTagName("ApplicationExtension");
      for (int i = 0; i < extensions.getLength(); i++) {
        IIOMetadataNode extension = (IIOMetadataNode) extensions.item(i);
        if ("NETSCAPE".equals(extension.getAttribute("applicationID"))
            && "2.0".equals(extension.getAttribute("authenticationCode"))) {
          byte[] data = (byte[]) extension.getUserObject();
          return data.length == 3 && data[0] == 1 && data[1] == 0 && data[2] == 0;
        }
      }
      return false;
    }
  }

  private static boolean samePixels(BufferedImage a, BufferedImage b) {
    int w = a.getWidth();
    int h = a.getHeight();
    return java.util.Arrays.equals(
        a.getRGB(0, 0, w, h, null, 0, w), b.getRGB(0, 0, w, h, null, 0, w));
  }

  @Test
  void gifDecodesWithEightFramesPerSecondAtTheRequestedSize() throws IOException {
    Completed result =
        run("{\"prompt\":\"waves on a beach\",\"width\":96,\"height\":64,\"duration\":2}");

    OutputMedia media = result.media().get(0);
    assertThat(media.contentType()).isEqualTo("image/gif");
    assertThat(media.format()).isEqualTo("gif");
    assertThat(media.width()).isEqualTo(96);
    assertThat(media.height()).isEqualTo(64);
    assertThat(media.durationSeconds()).isEqualByComparingTo("2");
    assertThat(result.usage().mediaSeconds()).isEqualByComparingTo("2");
    Gif gif = Gif.decode(bytes(media));
    assertThat(gif.frames()).hasSize(16);
    assertThat(gif.frames())
        .allSatisfy(
            frame -> {
              assertThat(frame.getWidth()).isEqualTo(96);
              assertThat(frame.getHeight()).isEqualTo(64);
            });
  }

  @Test
  void gifLoopsForeverAndItsFrameDelaysAddUpToTheDuration() throws IOException {
    Gif gif =
        Gif.decode(
            bytes(
                run("{\"prompt\":\"spin\",\"width\":32,\"height\":32,\"duration\":3}")
                    .media()
                    .get(0)));

    assertThat(gif.loopsForever()).isTrue();
    assertThat(gif.totalDelayCentis()).isEqualTo(300);
  }

  @Test
  void framesShowMotion() throws IOException {
    Gif gif =
        Gif.decode(
            bytes(
                run("{\"prompt\":\"orbs\",\"width\":80,\"height\":60,\"duration\":1}")
                    .media()
                    .get(0)));

    List<BufferedImage> shown = gif.composited();
    assertThat(samePixels(shown.get(0), shown.get(4))).isFalse();
    assertThat(samePixels(shown.get(3), shown.get(4))).isFalse();
  }

  @Test
  void stillPixelsAreWrittenAsTransparentOverThePreviousFrame() throws IOException {
    Gif gif =
        Gif.decode(
            bytes(
                run("{\"prompt\":\"orbs\",\"width\":160,\"height\":120,\"duration\":1}")
                    .media()
                    .get(0)));

    assertThat(gif.transparentShare(0)).isZero();
    assertThat(gif.transparentShare(1)).isGreaterThan(0.3);
  }

  @Test
  void defaultsAre320By240ForFiveSecondsAndGenerationIsTimed() throws IOException {
    String input = "{\"prompt\":\"a slow sunrise over mountains\"}";
    run(input);
    long start = System.nanoTime();
    Completed result = run(input);
    long elapsed = System.nanoTime() - start;
    System.out.printf(
        "GIF 320x240 5 s (40 frames): %.1f ms, %d bytes%n",
        elapsed / 1e6, bytes(result.media().get(0)).length);

    Gif gif = Gif.decode(bytes(result.media().get(0)));
    assertThat(gif.frames()).hasSize(40);
    assertThat(gif.frames().get(0).getWidth()).isEqualTo(320);
    assertThat(gif.frames().get(0).getHeight()).isEqualTo(240);
    assertThat(result.usage().mediaSeconds()).isEqualByComparingTo("5");
  }

  @Test
  void fractionalDurationIsRoundedToWholeFramesAndReportedExactly() throws IOException {
    Completed result = run("{\"prompt\":\"x\",\"width\":16,\"height\":16,\"duration\":2.1}");

    assertThat(Gif.decode(bytes(result.media().get(0))).frames()).hasSize(17);
    assertThat(result.media().get(0).durationSeconds()).isEqualByComparingTo("2.125");
    assertThat(result.usage().mediaSeconds()).isEqualByComparingTo("2.125");
  }

  @Test
  void sizeAndDurationAreClamped() throws IOException {
    Completed tiny = run("{\"prompt\":\"x\",\"width\":1,\"height\":2,\"duration\":0}");
    Completed wide = run("{\"prompt\":\"x\",\"width\":5000,\"height\":16,\"duration\":1}");
    Completed longest = run("{\"prompt\":\"x\",\"width\":16,\"height\":16,\"duration\":600}");

    Gif tinyGif = Gif.decode(bytes(tiny.media().get(0)));
    assertThat(tinyGif.frames()).hasSize(8);
    assertThat(tinyGif.frames().get(0).getWidth()).isEqualTo(16);
    assertThat(tinyGif.frames().get(0).getHeight()).isEqualTo(16);
    assertThat(tiny.usage().mediaSeconds()).isEqualByComparingTo("1");
    assertThat(wide.media().get(0).width()).isEqualTo(640);
    assertThat(Gif.decode(bytes(wide.media().get(0))).frames().get(0).getWidth()).isEqualTo(640);
    assertThat(Gif.decode(bytes(longest.media().get(0))).frames()).hasSize(240);
    assertThat(longest.usage().mediaSeconds()).isEqualByComparingTo("30");
  }

  @Test
  void samePromptGivesIdenticalBytesAndDifferentPromptsDiffer() {
    String a = "{\"prompt\":\"rain\",\"width\":40,\"height\":30,\"duration\":1}";
    String b = "{\"prompt\":\"snow\",\"width\":40,\"height\":30,\"duration\":1}";

    assertThat(bytes(run(a).media().get(0))).isEqualTo(bytes(run(a).media().get(0)));
    assertThat(bytes(run(a).media().get(0))).isNotEqualTo(bytes(run(b).media().get(0)));
  }

  @Test
  void gifFromImageStartsOnTheWholeSourceThenPansAndZooms() throws IOException {
    BufferedImage source = quadrants(800, 600);

    Gif gif = Gif.decode(DemoVideo.gifFromImage(source, 160, 120, 1.0));

    assertThat(gif.frames()).hasSize(8);
    assertThat(gif.loopsForever()).isTrue();
    assertThat(gif.totalDelayCentis()).isEqualTo(100);
    BufferedImage first = gif.frames().get(0);
    assertThat(first.getWidth()).isEqualTo(160);
    assertThat(first.getHeight()).isEqualTo(120);
    // same aspect ratio, no zoom yet: each corner shows its own quadrant's colour
    assertThat(first.getRGB(2, 2) & 0xffffff).isEqualTo(0xff0000);
    assertThat(first.getRGB(157, 2) & 0xffffff).isEqualTo(0x00ff00);
    assertThat(first.getRGB(2, 117) & 0xffffff).isEqualTo(0x0000ff);
    assertThat(first.getRGB(157, 117) & 0xffffff).isEqualTo(0xffffff);
    assertThat(samePixels(first, gif.composited().get(3))).isFalse();
  }

  @Test
  void gifFromImageCopesWithTinyAndOddlyShapedSources() throws IOException {
    Gif dot = Gif.decode(DemoVideo.gifFromImage(quadrants(1, 1), 32, 24, 1));
    Gif strip = Gif.decode(DemoVideo.gifFromImage(quadrants(3000, 20), 64, 64, 2));

    assertThat(dot.frames()).hasSize(8);
    assertThat(dot.frames().get(0).getWidth()).isEqualTo(32);
    assertThat(strip.frames()).hasSize(16);
    assertThat(strip.frames().get(0).getHeight()).isEqualTo(64);
  }

  @Test
  void providerVideoHookAnimatesASourceImageAtTheInputSize() throws IOException {
    Completed result =
        DemoProvider.video(
            DemoRequests.json("{\"width\":120,\"height\":90,\"duration\":2}"), quadrants(400, 300));

    assertThat(result.media().get(0).width()).isEqualTo(120);
    assertThat(result.usage().mediaSeconds()).isEqualByComparingTo("2");
    Gif gif = Gif.decode(bytes(result.media().get(0)));
    assertThat(gif.frames()).hasSize(16);
    assertThat(gif.frames().get(0).getRGB(1, 1) & 0xffffff).isEqualTo(0xff0000);
  }

  /** Red, green / blue, white quadrants. */
  private static BufferedImage quadrants(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        boolean right = x >= width / 2;
        boolean bottom = y >= height / 2;
        int rgb = bottom ? (right ? 0xffffff : 0x0000ff) : (right ? 0x00ff00 : 0xff0000);
        image.setRGB(x, y, 0xff000000 | rgb);
      }
    }
    return image;
  }
}
