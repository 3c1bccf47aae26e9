package io.modelroute.provider.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.ErrorCode;
import io.modelroute.catalog.Category;
import io.modelroute.provider.ProviderException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DemoFailureTest {
  private static final DemoRequests TEXT =
      DemoRequests.of(Category.TEXT).input("{\"prompt\":\"hi\"}");

  private final DemoProvider provider = new DemoProvider();

  private boolean fails(DemoRequests request) {
    try {
      provider.start(request.build());
      return false;
    } catch (ProviderException e) {
      return true;
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ErrorCode.class,
      names = {
        "INPUT_VALIDATION_ERROR",
        "CONTENT_MODERATION_REJECTED",
        "FILE_NOT_FOUND",
        "FILE_FORMAT_UNSUPPORTED",
        "INSUFFICIENT_BALANCE",
        "RATE_LIMITED",
        "MODEL_OVERLOADED",
        "MODEL_UNAVAILABLE",
        "GENERATION_TIMEOUT",
        "GENERATION_FAILED",
        "SERVICE_UNAVAILABLE",
        "INTERNAL_ERROR"
      })
  void rateOneAlwaysFailsWithTheConfiguredCode(ErrorCode code) {
    DemoRequests failing = TEXT.params("{\"failure_code\":\"" + code + "\",\"failure_rate\":1}");
    for (int i = 0; i < 20; i++) {
      DemoRequests execution = failing.executionId("exec_" + code + i);
      ProviderException e =
          catchThrowableOfType(ProviderException.class, () -> provider.start(execution.build()));

      assertThat(e).isNotNull();
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.getMessage()).isEqualTo(DemoProvider.injected(code));
    }
  }

  @Test
  void failureCodeAloneFailsEveryExecution() {
    DemoRequests failing = TEXT.params("{\"failure_code\":\"MODEL_OVERLOADED\"}");

    for (int i = 0; i < 50; i++) {
      assertThat(fails(failing.executionId("exec_" + i))).isTrue();
    }
  }

  @Test
  void rateZeroNeverFails() {
    DemoRequests never = TEXT.params("{\"failure_code\":\"RATE_LIMITED\",\"failure_rate\":0}");

    for (int i = 0; i < 200; i++) {
      assertThat(fails(never.executionId("exec_" + i))).isFalse();
    }
  }

  @Test
  void rateHalfFailsRoughlyHalfOfAThousandExecutions() {
    DemoRequests half =
        TEXT.params("{\"failure_code\":\"GENERATION_FAILED\",\"failure_rate\":0.5}");
    int failed = 0;

    for (int i = 0; i < 1000; i++) {
      if (fails(
          half.executionId(
              "exec_"
                  + java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) i, (byte) (i >> 8)})))) {
        failed++;
      }
    }

    assertThat(failed).isBetween(400, 600);
  }

  @Test
  void anExecutionFailsTheSameWayOnEveryAttempt() {
    DemoRequests half =
        TEXT.params("{\"failure_code\":\"SERVICE_UNAVAILABLE\",\"failure_rate\":0.5}");

    for (int i = 0; i < 100; i++) {
      DemoRequests execution = half.executionId("exec_" + i);
      boolean first = fails(execution);

      assertThat(fails(execution)).isEqualTo(first);
      assertThat(new DemoProvider().start(execution.params("{}").build())).isNotNull();
    }
  }

  @Test
  void failureIsInjectedAtStartEvenWithLatency() {
    assertThatThrownBy(
            () ->
                provider.start(
                    TEXT.params("{\"latency_ms\":5000,\"failure_code\":\"rate_limited\"}").build()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
              assertThat(e.retryable()).isTrue();
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"failure_code\":\"NOPE\"}",
        "{\"failure_code\":\"NOT_FOUND\"}",
        "{\"failure_code\":42}",
        "{\"failure_code\":\"RATE_LIMITED\",\"failure_rate\":1.5}",
        "{\"failure_code\":\"RATE_LIMITED\",\"failure_rate\":-0.1}",
        "{\"failure_code\":\"RATE_LIMITED\",\"failure_rate\":\"half\"}",
        "{\"failure_rate\":0.5}",
        "{\"latency_ms\":-1}",
        "{\"latency_ms\":1.5}",
        "{\"latency_ms\":\"soon\"}",
        "{\"latency_ms\":1e30}"
      })
  void misconfiguredParamsFailWithInternalError(String params) {
    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> provider.start(TEXT.params(params).build()));

    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(e.getMessage())
        .startsWith("Invalid route params: ")
        .containsAnyOf("latency_ms", "failure_code", "failure_rate");
  }

  @Test
  void unknownFailureCodeMessageListsTheValidCodes() {
    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.start(TEXT.params("{\"failure_code\":\"NOPE\"}").build()));

    assertThat(e.getMessage())
        .contains(
            Arrays.stream(ErrorCode.values())
                .filter(ErrorCode::isExecutionCode)
                .map(Enum::name)
                .toList());
  }

  @Test
  void nullParamsCountAsAbsent() {
    assertThat(
            fails(TEXT.params("{\"latency_ms\":null,\"failure_code\":null,\"failure_rate\":null}")))
        .isFalse();
  }

  @ParameterizedTest
  @EnumSource(value = ErrorCode.class, mode = EnumSource.Mode.MATCH_ALL, names = ".*")
  void noInjectedFailureNamesTheProvider(ErrorCode code) {
    org.junit.jupiter.api.Assumptions.assumeTrue(code.isExecutionCode());
    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.start(TEXT.params("{\"failure_code\":\"" + code + "\"}").build()));

    assertThat(e.getMessage()).doesNotContainPattern("(?i)\\bdemo\\b").contains("injected failure");
  }

  @Test
  void noMessageAboutAJobIdOrRouteParamsNamesTheProvider() {
    ProviderException badJob =
        catchThrowableOfType(
            ProviderException.class, () -> provider.poll(TEXT.build(), "nonsense"));
    ProviderException badParams =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.start(TEXT.params("{\"latency_ms\":-1}").build()));

    assertThat(badJob.getMessage()).doesNotContainPattern("(?i)\\bdemo\\b");
    assertThat(badParams.getMessage()).doesNotContainPattern("(?i)\\bdemo\\b");
  }
}
