package io.modelroute.provider;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import java.util.List;

/**
 * A provider failure classified into one of the twelve normalized execution codes. Whether the
 * router retries or fails over follows {@link ErrorCode#retryable()}.
 */
public class ProviderException extends ModelRouteException {
  public ProviderException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public ProviderException(ErrorCode code, String message, Throwable cause) {
    super(requireExecutionCode(code), message, List.of(), null, cause);
  }

  private static ErrorCode requireExecutionCode(ErrorCode code) {
    if (!code.isExecutionCode()) {
      throw new IllegalArgumentException("providers fail with one of the 12 execution codes, not " + code);
    }
    return code;
  }
}
