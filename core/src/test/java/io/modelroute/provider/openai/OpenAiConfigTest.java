package io.modelroute.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenAiConfigTest {
  @Test
  void keyAloneGivesOpenAiWithDefaultNameAndTimeouts() {
    OpenAiConfig config = OpenAiConfig.of("sk-live-secret");

    assertThat(config.name()).isEqualTo(OpenAiConfig.DEFAULT_NAME).isEqualTo("openai");
    assertThat(config.baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
    assertThat(config.connectTimeout()).isEqualTo(OpenAiConfig.DEFAULT_CONNECT_TIMEOUT);
    assertThat(config.readTimeout()).isEqualTo(OpenAiConfig.DEFAULT_READ_TIMEOUT);
    assertThat(config.callTimeout()).isEqualTo(OpenAiConfig.DEFAULT_CALL_TIMEOUT);
    assertThat(config.hasApiKey()).isTrue();
  }

  @Test
  void toStringNeverShowsTheKey() {
    OpenAiConfig config = OpenAiConfig.of("sk-live-secret");

    assertThat(config.toString()).doesNotContain("sk-live-secret").contains("apiKey=***");
    assertThat(OpenAiConfig.of(null).toString()).contains("apiKey=none");
  }

  @Test
  void severalServersAreRegisteredUnderTheirOwnNamesAndTrailingSlashesAreDropped() {
    OpenAiConfig vllm =
        OpenAiConfig.of(null)
            .withName("vllm-local")
            .withBaseUrl(URI.create("http://gpu-1:8000/v1/"));

    assertThat(vllm.name()).isEqualTo("vllm-local");
    assertThat(vllm.baseUrl()).isEqualTo(URI.create("http://gpu-1:8000/v1"));
    assertThat(vllm.hasApiKey()).isFalse();
    assertThat(new OpenAiProvider(vllm).name()).isEqualTo("vllm-local");
  }

  @Test
  void badNamesUrlsAndTimeoutsAreRefusedAtConstruction() {
    OpenAiConfig ok = OpenAiConfig.of("k");

    assertThatThrownBy(() -> ok.withName("Open AI")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ok.withBaseUrl(URI.create("ftp://example.com/v1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ok.withBaseUrl(URI.create("/v1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ok.withTimeouts(Duration.ZERO, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ok.withTimeouts(null, null, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
