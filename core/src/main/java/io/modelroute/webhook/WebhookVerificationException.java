package io.modelroute.webhook;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;

/**
 * A webhook delivery that failed verification: a header is missing, the timestamp is outside the
 * tolerance, or no signature matches. A receiver should answer it with {@code 401} and not act on
 * the body. The message says which check failed; it never contains the expected signature.
 */
public final class WebhookVerificationException extends ModelRouteException {
  public WebhookVerificationException(String message) {
    super(ErrorCode.UNAUTHORIZED, message);
  }
}
