package io.modelroute.auth;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import java.util.Objects;

/** Who is calling: the organization and the key that authenticated the request. */
public record Principal(String orgId, String keyId, Permission permission) {
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
