package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.provider.Provider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderEnvironmentTest {
  @Test
  void providersAreRegisteredOnlyForTheCredentialsPresent() {
    assertThat(ProviderEnvironment.fromEnvironment(Map.of())).isEmpty();
    var providers =
        ProviderEnvironment.fromEnvironment(
            Map.of(
                "OPENAI_API_KEY", "sk-test",
                "OPENAI_COMPAT_VLLM_LOCAL_BASE_URL", "http://127.0.0.1:8000/v1",
                "REPLICATE_API_TOKEN", "r8_test",
                "FAL_KEY", "fal-test",
                "UNRELATED", "x"));
    assertThat(providers)
        .extracting(Provider::name)
        .containsExactly("openai", "vllm-local", "replicate", "fal");
    assertThat(providers.toString())
        .doesNotContain("sk-test")
        .doesNotContain("r8_test")
        .doesNotContain("fal-test");
  }
}
