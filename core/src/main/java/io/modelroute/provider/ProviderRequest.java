package io.modelroute.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.catalog.Route;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything a provider needs for one call about one execution.
 *
 * @param executionId the execution, for logging and idempotency at the provider
 * @param model the catalog entry
 * @param route the route being tried (provider model and params)
 * @param input the validated canonical input; file references are already replaced by
 *     short-lived signed URLs where a provider needs them
 * @param callbackUrl the signed URL the provider may call back, or {@code null}
 * @param startedAt when this attempt started (the same on every poll of the attempt)
 * @param now the current time by the engine's clock
 * @param listener progress and streamed text, as the provider reports them
 */
public record ProviderRequest(
    String executionId,
    ModelDefinition model,
    Route route,
    ObjectNode input,
    URI callbackUrl,
    Instant startedAt,
    Instant now,
    ProgressListener listener) {

  public ProviderRequest {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(route, "route");
    input = Objects.requireNonNull(input, "input").deepCopy();
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(now, "now");
    listener = listener == null ? ProgressListener.NONE : listener;
  }

  @Override
  public ObjectNode input() {
    return input.deepCopy();
  }
}
