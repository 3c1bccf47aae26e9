package io.modelroute.provider.replicate;

import java.util.Locale;

/**
 * The closed table from Replicate's prediction statuses to what the execution does next. A status
 * Replicate adds later maps to {@link #UNKNOWN}, which is treated as still running: the execution
 * is polled again until it resolves or expires, it never hangs and never fails on it.
 */
enum PredictionStatus {
  /** Queued or booting a cold worker → Pending. */
  STARTING(Next.WAIT),
  /** Running → Pending. */
  PROCESSING(Next.WAIT),
  /** Done → Completed with the output. */
  SUCCEEDED(Next.COMPLETE),
  /** The model failed → the {@code error} text is classified. */
  FAILED(Next.FAIL),
  /**
   * Stopped while running. When we asked for it the execution is already CANCELLED and the late
   * result is ignored; otherwise Replicate (or its owner) stopped it, which says nothing about the
   * input: retryable {@code GENERATION_FAILED}.
   */
  CANCELED(Next.STOPPED),
  /**
   * A deadline fired before the model started (not billed by Replicate): like {@link #CANCELED}.
   */
  ABORTED(Next.STOPPED),
  /** Anything else → Pending, polled again. */
  UNKNOWN(Next.WAIT);

  /** What a status means for the execution. */
  enum Next {
    WAIT,
    COMPLETE,
    FAIL,
    STOPPED
  }

  private final Next next;

  PredictionStatus(Next next) {
    this.next = next;
  }

  Next next() {
    return next;
  }

  /** The status of a wire value; {@code null}, blank or unheard-of values are {@link #UNKNOWN}. */
  static PredictionStatus of(String wire) {
    if (wire == null) {
      return UNKNOWN;
    }
    return switch (wire.trim().toLowerCase(Locale.ROOT)) {
      case "starting" -> STARTING;
      case "processing" -> PROCESSING;
      case "succeeded" -> SUCCEEDED;
      case "failed" -> FAILED;
      case "canceled", "cancelled" -> CANCELED;
      case "aborted" -> ABORTED;
      default -> UNKNOWN;
    };
  }
}
