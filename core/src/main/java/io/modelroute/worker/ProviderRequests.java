package io.modelroute.worker;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.catalog.Route;
import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionWatch;
import io.modelroute.file.FileService;
import io.modelroute.provider.InputFile;
import io.modelroute.provider.ProgressListener;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderRequest;
import io.modelroute.worker.internal.CallbackUrls;
import java.time.Instant;
import java.util.List;

/**
 * Builds the {@link ProviderRequest}s of an execution: its input files, callback URL and progress
 * listener.
 */
final class ProviderRequests {
  private final FileService files;
  private final CallbackUrls callbacks;
  private final ExecutionWatch watch;

  ProviderRequests(FileService files, CallbackUrls callbacks, ExecutionWatch watch) {
    this.files = files;
    this.callbacks = callbacks;
    this.watch = watch;
  }

  /** A request without files or callback URL (cancel). */
  ProviderRequest plain(
      Execution e, ModelDefinition model, Route route, Instant started, Instant now) {
    return new ProviderRequest(e.id(), model, route, e.input(), null, started, now, listener(e));
  }

  /**
   * A request with the input's files; a file deleted or expired since the submit fails it for good.
   */
  ProviderRequest withFiles(
      Execution e, ModelDefinition model, Route route, Instant started, Instant now, int attempt) {
    List<InputFile> inputs;
    try {
      inputs = files.inputFiles(e.orgId(), e.apiKeyId(), model, e.input());
    } catch (ModelRouteException ex) {
      throw new ProviderException(ErrorCode.FILE_NOT_FOUND, ex.getMessage(), ex);
    }
    return new ProviderRequest(
        e.id(),
        model,
        route,
        e.input(),
        callbacks.urlFor(route.provider(), e.id(), attempt),
        started,
        now,
        listener(e),
        inputs);
  }

  /** Sends what the provider reports to everyone watching the execution. */
  private ProgressListener listener(Execution e) {
    return new ProgressListener() {
      @Override
      public void onProgress(int percent) {
        watch.progress(e.id(), percent);
      }

      @Override
      public void onDelta(String text) {
        watch.delta(e.id(), text);
      }
    };
  }
}
