package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * The organization's prepaid balance ({@code GET /v1/balance}, the credit answer,
 * docs/concepts.md), exact to the micro-dollar: {@code available = balance − held}.
 *
 * @param balance credits minus captured charges
 * @param held the sum of the holds of running executions
 * @param available what new executions can still hold
 * @param currency {@code USD}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Balance(
    @JsonProperty("balance") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal balance,
    @JsonProperty("held") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal held,
    @JsonProperty("available") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal available,
    @JsonProperty("currency") String currency) {
  /** The one currency. */
  public static final String USD = "USD";
}
