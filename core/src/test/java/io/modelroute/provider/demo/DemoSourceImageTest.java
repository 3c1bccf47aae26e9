package io.modelroute.provider.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelroute.ErrorCode;
import io.modelroute.file.TestFiles;
import io.modelroute.provider.InputFile;
import io.modelroute.provider.ProviderException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class DemoSourceImageTest {

  static InputFile file(String type, byte[] bytes) {
    return new InputFile(
        "source_image",
        "file_00000000-0000-0000-0000-000000000001",
        type,
        bytes.length,
        "00",
        null,
        null,
        () -> new ByteArrayInputStream(bytes));
  }

  @Test
  void aSmallImageIsReadAtFullSize() {
    BufferedImage img = DemoSourceImage.read(file("image/png", TestFiles.png(40, 30, Color.RED)));
    assertThat(img.getWidth()).isEqualTo(40);
    assertThat(img.getHeight()).isEqualTo(30);
  }

  @Test
  void aLargeImageIsSubsampledWhileItIsRead() {
    BufferedImage img =
        DemoSourceImage.read(file("image/png", TestFiles.png(4000, 100, Color.RED)));
    assertThat(img.getWidth()).isLessThanOrEqualTo(DemoSourceImage.MAX_SIDE);
    assertThat(img.getHeight()).isEqualTo(25);
  }

  @Test
  void anUnreadableImageFailsWithFileFormatUnsupported() {
    for (byte[] bytes : new byte[][] {TestFiles.webp(), TestFiles.text(), new byte[0]}) {
      assertThatThrownBy(() -> DemoSourceImage.read(file("image/webp", bytes)))
          .isInstanceOf(ProviderException.class)
          .extracting(e -> ((ProviderException) e).code())
          .isEqualTo(ErrorCode.FILE_FORMAT_UNSUPPORTED);
    }
  }
}
