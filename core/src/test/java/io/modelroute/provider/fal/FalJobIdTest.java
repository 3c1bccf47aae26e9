package io.modelroute.provider.fal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.ErrorCode;
import io.modelroute.provider.ProviderException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FalJobIdTest {
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "fal-ai/flux/dev, fal-ai/flux",
    "fal-ai/flux-pro/v1.1-ultra, fal-ai/flux-pro",
    "fal-ai/kling-video/v2.1/standard/image-to-video, fal-ai/kling-video",
    "fal-ai/fast-sdxl, fal-ai/fast-sdxl",
    "110602490/lora, 110602490/lora",
    "workflows/acme/my-flow, workflows/acme/my-flow",
    "comfy/acme/graph/run, comfy/acme/graph"
  })
  void theAppIdIsTheEndpointIdWithoutItsSubpath(String endpoint, String appId) {
    assertThat(FalJobId.appId(endpoint)).isEqualTo(appId);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "",
        "flux",
        "fal-ai/",
        "/flux",
        "fal-ai//dev",
        "fal-ai/../admin",
        "fal ai/flux",
        "fal-ai/flux?x=1",
        "workflows/acme"
      })
  void anEndpointIdFalCannotServeIsTheOperatorsMistake(String endpoint) {
    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> FalJobId.appId(endpoint));

    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "fal-ai/flux/requests/764cabcf-b745-4b3e-ae38-1200304cf45b",
        "workflows/acme/flow/requests/r1",
        "110602490/lora/requests/abc"
      })
  void aJobIdReadsBackAsItWasWritten(String jobId) {
    assertThat(FalJobId.parse(jobId).value()).isEqualTo(jobId);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "",
        "764cabcf",
        "fal-ai/requests/r1",
        "fal-ai/flux/dev/requests/r1",
        "fal-ai/flux/requests/",
        "fal-ai/flux/requests/..",
        "fal-ai/flux/requests/a/b",
        "demo_1_00ff"
      })
  void anythingElseIsNotAJobId(String jobId) {
    assertThat(catchThrowableOfType(ProviderException.class, () -> FalJobId.parse(jobId)).code())
        .isEqualTo(ErrorCode.INTERNAL_ERROR);
  }
}
