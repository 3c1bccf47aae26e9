package io.modelroute.catalog;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a provider reports it actually produced, the basis of the actual cost. Fields that do not
 * apply are zero.
 *
 * @param inputTokens tokens read (text models)
 * @param outputTokens tokens written (text models)
 * @param mediaSeconds seconds of audio/video produced
 * @param megapixels megapixels of images produced, summed over images
 */
public record Usage(
    long inputTokens, long outputTokens, BigDecimal mediaSeconds, BigDecimal megapixels) {
  public static final Usage NONE = new Usage(0, 0, BigDecimal.ZERO, BigDecimal.ZERO);

  public Usage {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
    Objects.requireNonNull(mediaSeconds, "mediaSeconds");
    Objects.requireNonNull(megapixels, "megapixels");
  }

  public static Usage tokens(long input, long output) {
    return new Usage(input, output, BigDecimal.ZERO, BigDecimal.ZERO);
  }

  public static Usage seconds(BigDecimal seconds) {
    return new Usage(0, 0, seconds, BigDecimal.ZERO);
  }

  public static Usage megapixels(BigDecimal megapixels) {
    return new Usage(0, 0, BigDecimal.ZERO, megapixels);
  }
}
