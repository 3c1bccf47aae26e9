package io.modelroute.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.provider.ProviderException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void delaySecondsAreReadAsTheyAre() {
    assertThat(RetryAfter.parse("2", null, NOW)).contains(Duration.ofSeconds(2));
    assertThat(RetryAfter.parse(" 0 ", null, NOW)).contains(Duration.ZERO);
  }

  @Test
  void anHttpDateIsMeasuredAgainstTheResponsesOwnDateHeader() {
    assertThat(
            RetryAfter.parse("Wed, 21 Oct 2015 07:28:02 GMT", "Wed, 21 Oct 2015 07:28:00 GMT", NOW))
        .contains(Duration.ofSeconds(2));
  }

  @Test
  void anHttpDateWithoutADateHeaderIsMeasuredFromNow() {
    assertThat(RetryAfter.parse("Thu, 01 Jan 2026 00:00:02 GMT", null, NOW))
        .contains(Duration.ofSeconds(2));
  }

  @Test
  void aDateInThePastIsNoWaitAndAHugeValueIsCappedAtAnHour() {
    assertThat(RetryAfter.parse("Wed, 31 Dec 2025 23:00:00 GMT", null, NOW))
        .contains(Duration.ZERO);
    assertThat(RetryAfter.parse("999999999999999999999", null, NOW)).contains(RetryAfter.MAX);
  }

  @Test
  void aMissingOrUnreadableHeaderIsNoWait() {
    assertThat(RetryAfter.parse(null, null, NOW)).isEmpty();
    assertThat(RetryAfter.parse("soon", null, NOW)).isEmpty();
    assertThat(RetryAfter.parse("-3", null, NOW)).isEmpty();
  }

  @Test
  void theRetryDelayIsTheLongerOfBackoffAndRetryAfter() {
    ProviderException e =
        new ProviderException(io.modelroute.ErrorCode.RATE_LIMITED, "Rate limit reached")
            .withRetryAfter(java.util.Optional.of(Duration.ofSeconds(2)));
    assertThat(e.retryDelay(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(2));
    assertThat(e.retryDelay(Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(4));
    assertThat(e.code()).isEqualTo(io.modelroute.ErrorCode.RATE_LIMITED);
    assertThat(e.getMessage()).isEqualTo("Rate limit reached");
  }

  @Test
  void providerNamesAreTakenOutOfTextWithTheirDomainsButNotOutOfOtherWords() {
    assertThat(ProviderException.redactNames("fal.ai says: false prompt for fal-ai/flux", "fal"))
        .isEqualTo("the provider says: false prompt for the provider/flux");
    assertThat(ProviderException.redactNames("Replicate's model, see replicate.com", "replicate"))
        .isEqualTo("the provider's model, see the provider");
  }
}
