package io.modelroute.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.Json;
import io.modelroute.Money;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CostModelTest {
  private static final Catalog CATALOG = Catalog.loadDefault();
  private static final InputValidator VALIDATOR = new InputValidator(CATALOG);

  @Test
  void perRunEstimateAndActualAreThePrice() {
    Pricing flux = pricing("flux-1.1-pro");
    assertThat(flux.estimate(input("flux-1.1-pro", "{\"prompt\": \"fox\"}"))).hasToString("0.040");
    assertThat(flux.actualCost(Usage.megapixels(new BigDecimal("3")))).hasToString("0.040");
    assertThat(flux.actualCost(Usage.NONE)).isEqualTo(Money.parse("0.040"));
  }

  @Test
  void perSecondEstimateMultipliesThePriceByTheInputDuration() {
    Pricing seedance = pricing("seedance-video");
    assertThat(seedance.estimate(input("seedance-video", "{\"prompt\": \"waves\"}")))
        .hasToString("0.250");
    assertThat(
            seedance.estimate(input("seedance-video", "{\"prompt\": \"waves\", \"duration\": 10}")))
        .hasToString("0.500");
    assertThat(
            pricing("audio-generation-standard")
                .estimate(
                    input("audio-generation-standard", "{\"prompt\": \"rain\", \"duration\": 30}")))
        .hasToString("0.060");
  }

  @Test
  void perSecondActualUsesTheReportedMediaSeconds() {
    assertThat(pricing("seedance-video").actualCost(Usage.seconds(new BigDecimal("4.2"))))
        .hasToString("0.210");
    assertThat(pricing("seedance-video").actualCost(Usage.seconds(BigDecimal.ZERO)))
        .isEqualTo(Money.ZERO);
  }

  @Test
  void perMegapixelEstimateUsesWidthTimesHeightExactly() {
    Pricing schnell = pricing("flux-schnell");
    // 512 × 512 = 0.262144 MP × 0.003 = 0.000786432 → 0.000786
    assertThat(schnell.estimate(input("flux-schnell", "{\"prompt\": \"x\"}")))
        .isEqualTo(Money.ofMicros(786));
    // 1440 × 1440 = 2.0736 MP × 0.003 = 0.0062208 → 0.006221
    assertThat(
            schnell.estimate(
                input("flux-schnell", "{\"prompt\": \"x\", \"width\": 1440, \"height\": 1440}")))
        .isEqualTo(Money.ofMicros(6221));
  }

  @Test
  void perMegapixelActualUsesTheReportedMegapixels() {
    assertThat(pricing("flux-schnell").actualCost(Usage.megapixels(new BigDecimal("2.5"))))
        .hasToString("0.0075");
  }

  @Test
  void perThousandTokensEstimateCountsFourCharactersPerInputTokenAndMaxTokensForOutput() {
    Pricing text = pricing("text-generation-standard");
    // 400 chars → 100 tokens: 0.0005 × 0.1 + 0.0015 × 0.256 = 0.00005 + 0.000384
    String prompt400 = "a".repeat(400);
    assertThat(
            text.estimate(input("text-generation-standard", "{\"prompt\": \"" + prompt400 + "\"}")))
        .isEqualTo(Money.parse("0.000434"));
    assertThat(
            text.estimate(
                input(
                    "text-generation-standard",
                    "{\"prompt\": \"" + prompt400 + "\", \"max_tokens\": 4096}")))
        .isEqualTo(Money.parse("0.006194")); // 0.00005 + 0.0015 × 4.096
  }

  @Test
  void perThousandTokensEstimateRoundsHalfUpToWholeMicros() {
    // 401 chars → 101 tokens: 0.0000505 + 0.000384 = 0.0004345 → 0.000435
    assertThat(
            pricing("text-generation-standard")
                .estimate(
                    Json.readObject(
                        "{\"prompt\": \"" + "a".repeat(401) + "\", \"max_tokens\": 256}")))
        .isEqualTo(Money.parse("0.000435"));
  }

  @Test
  void perThousandTokensEstimateCountsEveryStringAndAtLeastOneToken() {
    Pricing tokens = Pricing.per1kTokens(Money.parse("1"), Money.ZERO);
    assertThat(tokens.estimate(Json.readObject("{}"))).isEqualTo(Money.parse("0.001"));
    // 3 + 2 + 3 = 8 chars (code points: the emoji is one) → 2 tokens
    assertThat(
            tokens.estimate(
                Json.readObject(
                    "{\"a\": \"abc\", \"b\": [\"de\", {\"c\": \"f\\uD83D\\uDE00g\"}]}")))
        .isEqualTo(Money.parse("0.002"));
  }

  @Test
  void perThousandTokensActualUsesReportedTokens() {
    assertThat(pricing("text-generation-standard").actualCost(Usage.tokens(1000, 2000)))
        .isEqualTo(Money.parse("0.0035"));
    assertThat(pricing("text-generation-standard").actualCost(Usage.tokens(1, 1)))
        .isEqualTo(Money.parse("0.000002"));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      {}                                    | 0.050
      {"duration": "five"}                  | 0.050
      {"duration": -3}                      | 0.050
      {"duration": 2.5}                     | 0.125
      """)
  void missingOrUnusableDurationCountsAsOneSecond(String input, String expected) {
    assertThat(Pricing.perSecond(Money.parse("0.050")).estimate(Json.readObject(input)))
        .hasToString(expected);
  }

  @Test
  void missingWidthOrHeightCountsAsOneMegapixel() {
    Pricing mp = Pricing.perMegapixel(Money.parse("0.003"));
    assertThat(mp.estimate(Json.readObject("{\"width\": 4000}"))).hasToString("0.003");
    assertThat(mp.estimate(null)).hasToString("0.003");
  }

  @Test
  void arithmeticIsExactWhereDoublesWouldDrift() {
    // 0.1 × 3 is 0.30000000000000004 in double arithmetic
    assertThat(Pricing.perSecond(Money.parse("0.1")).estimate(Json.readObject("{\"duration\": 3}")))
        .isEqualTo(Money.parse("0.3"));
    // 0.000001 × 0.5 = 0.0000005 rounds half-up to one micro
    assertThat(
            Pricing.perSecond(Money.parse("0.000001"))
                .actualCost(Usage.seconds(new BigDecimal("0.5"))))
        .isEqualTo(Money.ofMicros(1));
    assertThat(
            Pricing.perSecond(Money.parse("0.000001"))
                .actualCost(Usage.seconds(new BigDecimal("0.49"))))
        .isEqualTo(Money.ZERO);
  }

  @Test
  void absurdQuantitiesFailFastInsteadOfOverflowing() {
    ObjectNode huge = JsonNodeFactory.instance.objectNode();
    huge.set("duration", JsonNodeFactory.instance.numberNode(new BigDecimal("1e999999999")));
    assertThatThrownBy(() -> Pricing.perSecond(Money.parse("1")).estimate(huge))
        .isInstanceOf(IllegalArgumentException.class);
    ObjectNode tiny = JsonNodeFactory.instance.objectNode();
    tiny.set("duration", JsonNodeFactory.instance.numberNode(new BigDecimal("1e-999999999")));
    assertThat(Pricing.perSecond(Money.parse("1")).estimate(tiny)).isEqualTo(Money.ZERO);
  }

  private static Pricing pricing(String slug) {
    return CATALOG.find(slug).orElseThrow().pricing();
  }

  /** Input as the gateway prices it: validated, defaults filled in. */
  private static ObjectNode input(String slug, String json) {
    return VALIDATOR.validate(CATALOG.find(slug).orElseThrow(), Json.readObject(json));
  }
}
