package io.modelroute.provider.demo;

import static io.modelroute.provider.demo.DemoRequests.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.catalog.Category;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.ProviderOutcome.Completed;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DemoImageTest {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private final DemoProvider provider = new DemoProvider();

  private Completed run(String input) {
    return (Completed) provider.start(DemoRequests.of(Category.IMAGE).input(input).build());
  }

  private static BufferedImage decode(byte[] png) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  @Test
  void providerIsNamedDemo() {
    assertThat(provider.name()).isEqualTo("demo");
  }

  @Test
  void pngDecodesAtTheRequestedSize() throws IOException {
    Completed result = run("{\"prompt\":\"a red fox in the snow\",\"width\":300,\"height\":200}");

    OutputMedia media = result.media().get(0);
    assertThat(result.media()).hasSize(1);
    assertThat(result.text()).isNull();
    assertThat(media.contentType()).isEqualTo("image/png");
    assertThat(media.format()).isEqualTo("png");
    assertThat(media.width()).isEqualTo(300);
    assertThat(media.height()).isEqualTo(200);
    assertThat(media.durationSeconds()).isNull();
    BufferedImage image = decode(bytes(media));
    assertThat(image.getWidth()).isEqualTo(300);
    assertThat(image.getHeight()).isEqualTo(200);
    assertThat(result.usage().megapixels()).isEqualByComparingTo("0.06");
  }

  @Test
  void sizeDefaultsTo1024By768AndUsageCountsExactMegapixels() throws IOException {
    Completed result = run("{\"prompt\":\"lighthouse\"}");

    BufferedImage image = decode(bytes(result.media().get(0)));
    assertThat(image.getWidth()).isEqualTo(1024);
    assertThat(image.getHeight()).isEqualTo(768);
    assertThat(result.usage().megapixels()).isEqualTo(new BigDecimal("0.786432"));
    assertThat(result.usage().inputTokens()).isZero();
    assertThat(result.usage().mediaSeconds()).isZero();
  }

  @Test
  void sizeIsClampedTo16Through4096() throws IOException {
    Completed result = run("{\"prompt\":\"tall\",\"width\":3,\"height\":99999}");

    BufferedImage image = decode(bytes(result.media().get(0)));
    assertThat(image.getWidth()).isEqualTo(16);
    assertThat(image.getHeight()).isEqualTo(4096);
    assertThat(result.media().get(0).width()).isEqualTo(16);
    assertThat(result.media().get(0).height()).isEqualTo(4096);
  }

  @Test
  void decimalSizesRoundAndNonNumericSizesTakeTheDefault() {
    Completed result = run("{\"prompt\":\"x\",\"width\":\"wide\",\"height\":20.6}");

    assertThat(result.media().get(0).width()).isEqualTo(1024);
    assertThat(result.media().get(0).height()).isEqualTo(21);
  }

  @Test
  void samePromptAndSeedGiveIdenticalBytes() {
    String input = "{\"prompt\":\"a castle on a hill\",\"seed\":42,\"width\":256,\"height\":256}";

    assertThat(bytes(run(input).media().get(0))).isEqualTo(bytes(run(input).media().get(0)));
  }

  @Test
  void differentPromptsOrSeedsGiveDifferentImages() {
    byte[] castle =
        bytes(
            run("{\"prompt\":\"a castle\",\"seed\":1,\"width\":128,\"height\":128}")
                .media()
                .get(0));
    byte[] forest =
        bytes(
            run("{\"prompt\":\"a forest\",\"seed\":1,\"width\":128,\"height\":128}")
                .media()
                .get(0));
    byte[] castle2 =
        bytes(
            run("{\"prompt\":\"a castle\",\"seed\":2,\"width\":128,\"height\":128}")
                .media()
                .get(0));

    assertThat(castle).isNotEqualTo(forest).isNotEqualTo(castle2);
  }

  @Test
  void imageIsNotAFlatColour() throws IOException {
    BufferedImage image =
        decode(bytes(run("{\"prompt\":\"x\",\"width\":64,\"height\":64}").media().get(0)));

    assertThat(image.getRGB(0, 0)).isNotEqualTo(image.getRGB(63, 63));
  }

  @Test
  void captionDrawsThePromptsFirstWordsInTheBottomBand() {
    PixelCanvas canvas = new PixelCanvas(400, 300);
    canvas.fillCornerGradient(0x808080, 0x808080, 0x808080, 0x808080);

    DemoImage.caption(canvas, "hello world");

    int white = 0;
    int whiteAboveBand = 0;
    int[] pixels = canvas.pixels();
    for (int i = 0; i < pixels.length; i++) {
      if (pixels[i] == 0xffffff) {
        white++;
        if (i / 400 < 300 - 40) {
          whiteAboveBand++;
        }
      }
    }
    assertThat(white).isPositive();
    assertThat(whiteAboveBand).isZero();
  }

  @Test
  void captionKeepsWholeWordsThatFit() {
    assertThat(DemoImage.firstWords("a small red fox", 11)).isEqualTo("A SMALL RED");
    assertThat(DemoImage.firstWords("supercalifragilistic", 5)).isEqualTo("SUPER");
    assertThat(DemoImage.firstWords("   ", 10)).isEmpty();
  }
}
