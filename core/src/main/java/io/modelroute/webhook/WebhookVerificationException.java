package io.modelroute.webhook;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;

/**
 * A webhook delivery that failed verification: a header is missing, the timestamp is outside the
 * tolerance, or no signature matches. A receiver should answer it with {@code 401} and not act on
 * the body. The message says which check failed; it never contains the expected signature. Thrown
 * by {@link WebhookVerifier}; its error code is {@code UNAUTHORIZED}.
 */
public final class WebhookVerificationException extends ModelRouteException {
  /** A failed verification, {@code message} saying which check failed. */
  public WebhookVerificationException(String message) {
    super(ErrorCode.UNAUTHORIZED, message);
  }
}
