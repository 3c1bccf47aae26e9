package io.modelroute.cli.client;

import java.util.Objects;

/**
 * A new API key ({@code POST /v1/api-keys}): its listing and the secret, which the server shows
 * this once and stores only as a hash. Immutable; keep {@code secret} out of logs.
 *
 * @param key the key as later listings show it
 * @param secret the key itself, {@code sk_…}
 */
public record CreatedApiKey(ApiKey key, String secret) {
  public CreatedApiKey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "CreatedApiKey[key=" + key + ", secret=" + key.prefix() + "…]";
  }
}
