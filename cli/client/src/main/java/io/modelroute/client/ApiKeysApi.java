package io.modelroute.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.api.ApiKey;
import io.modelroute.api.ApiKeyCreateRequest;
import io.modelroute.api.ApiKeyRotated;
import io.modelroute.api.Permission;
import java.util.List;
import java.util.Objects;

/**
 * API keys (docs/http-api.md), typed; all need a {@code FULL} key. Get it from {@link
 * ModelRouteClient#apiKeys()}. Only the listing is retried: create, rotate and revoke are not
 * idempotent. Thread-safe.
 */
public final class ApiKeysApi {
  private final Transport transport;

  ApiKeysApi(Transport transport) {
    this.transport = transport;
  }

  /**
   * Creates a key; the answer holds its secret, which the server never shows again.
   *
   * @param label a name for it, or {@code null}
   * @param permission what it may do
   */
  public ApiKey create(String label, Permission permission) {
    ApiKeyCreateRequest body =
        new ApiKeyCreateRequest(label, Objects.requireNonNull(permission, "permission"));
    JsonNode created =
        transport.send(
            transport.request(transport.url("v1", "api-keys")).post(transport.json(body)).build(),
            false);
    if (created.path("key").asText("").isEmpty()) {
      throw transport.invalidResponse(201, "no 'key'", null);
    }
    return transport.decode(created, ApiKey.class);
  }

  /** The organization's active keys (never their secrets). */
  public List<ApiKey> list() {
    JsonNode page =
        transport.send(transport.request(transport.url("v1", "api-keys")).build(), true);
    return transport.list(page, "data", ApiKey.class);
  }

  /** Issues a new secret for the key; the old one keeps working for an hour. */
  public ApiKeyRotated rotate(String keyId) {
    return transport.decode(
        transport.send(
            transport
                .request(transport.url("v1", "api-keys", keyId, "rotate"))
                .post(Transport.emptyJson())
                .build(),
            false),
        ApiKeyRotated.class);
  }

  /** Revokes the key at once. */
  public void revoke(String keyId) {
    transport.send(
        transport.request(transport.url("v1", "api-keys", keyId)).delete().build(), false);
  }
}
