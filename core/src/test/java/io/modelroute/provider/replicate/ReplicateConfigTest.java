package io.modelroute.provider.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplicateConfigTest {
  private static final String SECRET = ReplicateRequests.SECRET;

  @Test
  void unsetValuesTakeTheirDefaults() {
    ReplicateConfig config = ReplicateConfig.of("r8_abc");

    assertThat(config.baseUrl()).isEqualTo(URI.create("https://api.replicate.com/v1"));
    assertThat(config.webhookSigningSecret()).isNull();
    assertThat(config.connectTimeout()).isEqualTo(ReplicateConfig.DEFAULT_CONNECT_TIMEOUT);
    assertThat(config.readTimeout()).isEqualTo(ReplicateConfig.DEFAULT_READ_TIMEOUT);
    assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void toStringNeverShowsTheTokenOrTheSecret() {
    ReplicateConfig config = ReplicateConfig.of("r8_supersecret").withWebhookSigningSecret(SECRET);

    assertThat(config.toString())
        .doesNotContain("r8_supersecret")
        .doesNotContain(SECRET.substring(6))
        .contains("api.replicate.com")
        .contains("<redacted>");
    assertThat(new ReplicateProvider(config).toString()).doesNotContain("r8_supersecret");
  }

  @Test
  void aTokenIsRequired() {
    assertThatThrownBy(() -> ReplicateConfig.of(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ReplicateConfig.of("  ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMalformedSigningSecretIsRejectedWithoutEchoingIt() {
    assertThatThrownBy(
            () -> ReplicateConfig.of("r8").withWebhookSigningSecret("whsec_not*base64!secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("not*base64!secret");
  }

  @Test
  void aBlankSigningSecretMeansNone() {
    assertThat(ReplicateConfig.of("r8").withWebhookSigningSecret(" ").webhookSigningSecret())
        .isNull();
  }

  @Test
  void onlyAbsoluteHttpBaseUrlsAreAccepted() {
    assertThatThrownBy(() -> ReplicateConfig.of("r8").withBaseUrl(URI.create("ftp://x/v1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReplicateConfig.of("r8").withBaseUrl(URI.create("/v1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durationsMustBePositive() {
    assertThatThrownBy(() -> new ReplicateConfig(null, "r8", null, Duration.ZERO, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new ReplicateConfig(null, "r8", null, null, Duration.ofSeconds(-1), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReplicateConfig(null, "r8", null, null, null, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
