package io.modelroute.auth;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import java.util.Objects;

/**
 * Who is calling: the organization and the key that authenticated the request. {@link
 * ApiKeyService#authenticate} turns a bearer key into one; services that act for a caller take it.
 * Immutable; safe to share.
 *
 * @param orgId the caller's organization
 * @param keyId the API key that authenticated the request
 * @param permission what that key may do
 */
public record Principal(String orgId, String keyId, Permission permission) {
  /** Checks that every component is there. */
  public Principal {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(permission, "permission");
  }

  /** Throws {@code 403 FORBIDDEN} unless this is a FULL key. */
  public void requireFull() {
    if (permission != Permission.FULL) {
      throw new ModelRouteException(
          ErrorCode.FORBIDDEN, "This API key has EXECUTION_ONLY permission");
    }
  }
}
