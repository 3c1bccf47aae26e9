package io.modelroute.provider;

/**
 * Receives what a provider reports while it works. Implementations must be thread-safe and fast.
 */
public interface ProgressListener {
  /** Ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /** The provider reports {@code percent} (0–100) done. */
  default void onProgress(int percent) {}

  /** A streaming text model produced the next chunk of text. */
  default void onDelta(String text) {}
}
