package io.modelroute.provider;

/**
 * A place that can run model executions: the built-in {@code demo}, or an adapter for a third-party
 * API. Implementations must be thread-safe; the dispatcher calls them from many worker threads at
 * once, never while holding a database transaction.
 *
 * <p>Every method either returns an outcome or throws {@link ProviderException} carrying one of the
 * twelve normalized codes. Any other exception is passed to {@link #classify(Throwable)}.
 */
public interface Provider {
  /** The name routes refer to, e.g. {@code demo}, {@code openai}. */
  String name();

  /**
   * Starts the work. Returns {@link ProviderOutcome.Completed} when the result is ready at once,
   * {@link ProviderOutcome.Pending} with the provider's job id when it must be awaited by polling
   * or callback.
   */
  ProviderOutcome start(ProviderRequest request);

  /** Asks how a started job is doing. */
  ProviderOutcome poll(ProviderRequest request, String jobId);

  /**
   * Handles the provider's call back to {@code POST /v1/providers/{provider}/callback/{token}} for
   * a job it started with {@link ProviderRequest#callbackUrl()}. The gateway has already verified
   * the token (it names this execution); the provider verifies anything of its own (e.g. a
   * signature header) and turns the body into an outcome. The default refuses callbacks.
   *
   * @param headers request headers, names lowercase
   */
  default ProviderOutcome callback(
      ProviderRequest request, String jobId, java.util.Map<String, String> headers, byte[] body) {
    throw new ProviderException(
        io.modelroute.ErrorCode.INTERNAL_ERROR, "This provider does not accept callbacks");
  }

  /** Asks the provider to stop a job; best effort, failures are logged and ignored. */
  void cancel(ProviderRequest request, String jobId);

  /**
   * Maps a failure this provider's calls raised (I/O error, timeout, unexpected body) to a
   * normalized code. The default treats everything as a retryable {@code GENERATION_FAILED}.
   */
  default ProviderException classify(Throwable failure) {
    if (failure instanceof ProviderException p) {
      return p;
    }
    return new ProviderException(
        io.modelroute.ErrorCode.GENERATION_FAILED, "Provider call failed", failure);
  }
}
