package io.modelroute.catalog;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a provider reports it actually produced, the basis of the actual cost. Fields that do not
 * apply are zero. Providers return it with a result ({@code ProviderOutcome}); {@link
 * Pricing#actualCost} prices it. Immutable; safe to share.
 *
 * @param inputTokens tokens read (text models)
 * @param outputTokens tokens written (text models)
 * @param mediaSeconds seconds of audio/video produced
 * @param megapixels megapixels of images produced, summed over images
 */
public record Usage(
    long inputTokens, long outputTokens, BigDecimal mediaSeconds, BigDecimal megapixels) {
  /** Nothing reported. */
  public static final Usage NONE = new Usage(0, 0, BigDecimal.ZERO, BigDecimal.ZERO);

  /**
   * Checks that counts are not negative and the amounts are there.
   *
   * @throws IllegalArgumentException for a negative token count
   */
  public Usage {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
    Objects.requireNonNull(mediaSeconds, "mediaSeconds");
    Objects.requireNonNull(megapixels, "megapixels");
  }

  /** Tokens read and written (text models). */
  public static Usage tokens(long input, long output) {
    return new Usage(input, output, BigDecimal.ZERO, BigDecimal.ZERO);
  }

  /** Seconds of audio or video produced. */
  public static Usage seconds(BigDecimal seconds) {
    return new Usage(0, 0, seconds, BigDecimal.ZERO);
  }

  /** Megapixels of images produced. */
  public static Usage megapixels(BigDecimal megapixels) {
    return new Usage(0, 0, BigDecimal.ZERO, megapixels);
  }
}
