package io.modelroute.provider.fal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FalConfigTest {
  @Test
  void onlyTheKeyIsRequiredEverythingElseHasADefault() {
    FalConfig config = FalConfig.of("secret-key");

    assertThat(config.queueBaseUrl()).isEqualTo(URI.create("https://queue.fal.run"));
    assertThat(config.connectTimeout()).isEqualTo(FalConfig.DEFAULT_CONNECT_TIMEOUT);
    assertThat(config.readTimeout()).isEqualTo(FalConfig.DEFAULT_READ_TIMEOUT);
    assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void theKeyNeverAppearsInToStringNorInTheProviders() {
    FalConfig config = FalConfig.of("abc123:verysecret");

    assertThat(config.toString())
        .doesNotContain("verysecret")
        .doesNotContain("abc123")
        .contains("apiKey=***");
    assertThat(new FalProvider(config).toString()).doesNotContain("verysecret");
  }

  @Test
  void badValuesAreRejectedOnceAtConstruction() {
    URI base = URI.create("https://queue.fal.run");
    assertThatThrownBy(() -> FalConfig.of(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> FalConfig.of(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FalConfig.of("key with space"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new FalConfig(URI.create("ftp://queue.fal.run"), "k", null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FalConfig(URI.create("queue.fal.run"), "k", null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new FalConfig(URI.create("https://queue.fal.run?x=1"), "k", null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FalConfig(base, "k", Duration.ZERO, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FalConfig(base, "k", null, Duration.ofSeconds(-1), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FalConfig(base, "k", null, null, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theProviderIsNamedFal() {
    assertThat(new FalProvider(FalConfig.of("k")).name()).isEqualTo("fal");
  }
}
