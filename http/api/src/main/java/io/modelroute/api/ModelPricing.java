package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * How a model is priced (docs/concepts.md). {@code per_run}, {@code per_second} and {@code
 * per_megapixel} carry {@code price}; {@code per_1k_tokens} carries {@code input_price} and {@code
 * output_price} instead. The prices that do not apply are {@code null} and left out of the JSON.
 *
 * @param unit the pricing unit
 * @param price USD per unit, or {@code null} for token pricing
 * @param inputPrice USD per 1 000 input tokens, or {@code null}
 * @param outputPrice USD per 1 000 output tokens, or {@code null}
 * @param currency {@code USD}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelPricing(
    @JsonProperty("unit") PricingUnit unit,
    @JsonProperty("price")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal price,
    @JsonProperty("input_price")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal inputPrice,
    @JsonProperty("output_price")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal outputPrice,
    @JsonProperty("currency") String currency) {}
