package io.modelroute.provider.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.ErrorCode;
import io.modelroute.provider.ProviderException;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelRefTest {
  private static final String VERSION =
      "39ed52f2a78e934b3ba6e2a89f5b1c712de7dfea535525255b1aa35c5565e08b";
  private static final HttpUrl BASE = HttpUrl.get("https://api.replicate.com/v1");

  @Test
  void anOfficialModelUsesItsModelsEndpoint() {
    ModelRef ref = ModelRef.parse("black-forest-labs/flux-1.1-pro");

    assertThat(ref.createUrl(BASE).toString())
        .isEqualTo(
            "https://api.replicate.com/v1/models/black-forest-labs/flux-1.1-pro/predictions");
    assertThat(ref.version()).isNull();
  }

  @Test
  void aVersionedModelUsesPredictionsWithTheVersionId() {
    assertThat(ModelRef.parse("stability-ai/sdxl:" + VERSION))
        .isEqualTo(new ModelRef(List.of("predictions"), VERSION));
    assertThat(ModelRef.parse(VERSION)).isEqualTo(new ModelRef(List.of("predictions"), VERSION));
  }

  @Test
  void aDeploymentUsesItsDeploymentsEndpoint() {
    assertThat(ModelRef.parse("deployments/acme/sdxl-prod").createUrl(BASE).encodedPath())
        .isEqualTo("/v1/deployments/acme/sdxl-prod/predictions");
  }

  @Test
  void aBaseUrlWithATrailingSlashMakesTheSamePath() {
    assertThat(
            ModelRef.parse("a/b")
                .createUrl(HttpUrl.get("https://api.replicate.com/v1/"))
                .encodedPath())
        .isEqualTo("/v1/models/a/b/predictions");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "flux", "a/b/c", "a/b:", "a/b:not-hex", "../x/y", "a b/c"})
  void anythingElseIsAnOperatorError(String providerModel) {
    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> ModelRef.parse(providerModel));

    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
  }
}
