package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The {@code error} of every error response (docs/http-api.md).
 *
 * @param code the stable code ({@code INPUT_VALIDATION_ERROR}, {@code NOT_FOUND}, …), a string so
 *     codes this version does not know still arrive
 * @param message what went wrong
 * @param retryable whether the same request may succeed later
 * @param requestId {@code req_…}, also in the {@code X-Request-Id} header
 * @param details the problems, field by field; left out of the JSON when there are none (then empty
 *     here)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorBody(
    @JsonProperty("code") String code,
    @JsonProperty("message") String message,
    @JsonProperty("retryable") boolean retryable,
    @JsonProperty("request_id") String requestId,
    @JsonProperty("details") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<ErrorDetail> details) {
  public ErrorBody {
    details = details == null ? List.of() : Copies.list(details);
  }
}
