package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.client.ModelRouteApiException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitCodesTest {
  @ParameterizedTest(name = "{0} {1} retryable={2} -> {3}")
  @CsvSource({
    "401, UNAUTHORIZED, false, 3",
    "403, FORBIDDEN, false, 3",
    "400, INPUT_VALIDATION_ERROR, false, 4",
    "400, FILE_NOT_FOUND, false, 4",
    "409, CONFLICT, false, 4",
    "422, IDEMPOTENCY_KEY_REUSED, false, 4",
    "402, INSUFFICIENT_BALANCE, false, 5",
    "404, NOT_FOUND, false, 6",
    "429, RATE_LIMITED, true, 8",
    "409, CONFLICT, true, 8",
    "503, MODEL_OVERLOADED, true, 8",
    "500, INTERNAL_ERROR, false, 8",
    "0, SERVICE_UNAVAILABLE, true, 8",
    "401, HTTP_401, false, 3",
    "402, HTTP_402, false, 5",
    "404, HTTP_404, false, 6",
    "418, HTTP_418, false, 4",
    "502, HTTP_502, true, 8",
  })
  void apiErrorsMapToTheDocumentedExitCodes(
      int status, String code, boolean retryable, int exitCode) {
    ModelRouteApiException e =
        new ModelRouteApiException(status, code, "m", retryable, null, List.of(), null, null);

    assertThat(ExitCodes.of(e)).isEqualTo(exitCode);
  }
}
