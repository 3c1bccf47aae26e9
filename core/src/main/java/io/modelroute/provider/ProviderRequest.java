package io.modelroute.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.catalog.Route;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a provider needs for one call about one execution. Made by the engine for each {@link
 * Provider} call. Immutable; safe to share.
 *
 * @param executionId the execution, for logging and idempotency at the provider
 * @param model the catalog entry
 * @param route the route being tried (provider model and params)
 * @param input the validated canonical input; file fields hold their {@code file_…} references (see
 *     {@code inputFiles} for the files themselves)
 * @param callbackUrl the signed URL the provider may call back, or {@code null}
 * @param startedAt when this attempt started (the same on every poll of the attempt)
 * @param now the current time by the engine's clock
 * @param listener progress and streamed text, as the provider reports them
 * @param inputFiles the files the input refers to, one per file field that names one, as signed
 *     URLs and readable bytes; present on {@code start} and {@code poll}, empty on {@code cancel}
 */
public record ProviderRequest(
    String executionId,
    ModelDefinition model,
    Route route,
    ObjectNode input,
    URI callbackUrl,
    Instant startedAt,
    Instant now,
    ProgressListener listener,
    List<InputFile> inputFiles) {

  public ProviderRequest {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(route, "route");
    input = Objects.requireNonNull(input, "input").deepCopy();
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(now, "now");
    listener = listener == null ? ProgressListener.NONE : listener;
    inputFiles = List.copyOf(inputFiles == null ? List.of() : inputFiles);
  }

  /** A request about an input without file references. */
  public ProviderRequest(
      String executionId,
      ModelDefinition model,
      Route route,
      ObjectNode input,
      URI callbackUrl,
      Instant startedAt,
      Instant now,
      ProgressListener listener) {
    this(executionId, model, route, input, callbackUrl, startedAt, now, listener, List.of());
  }

  /** The file named by input field {@code field}, if the input names one. */
  public Optional<InputFile> inputFile(String field) {
    return inputFiles.stream().filter(f -> f.field().equals(field)).findFirst();
  }

  @Override
  public ObjectNode input() {
    return input.deepCopy();
  }
}
