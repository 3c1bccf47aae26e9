package io.modelroute.worker.internal;

/**
 * Permits of provider concurrency limits that several nodes enforce together. A node takes one per
 * admitted attempt at a provider with such a limit, on top of its own bulkhead, and gives it back
 * with the bulkhead permit. {@link #NONE} (one node, H2, the embedded database) costs nothing: the
 * node's bulkhead alone is the limit. Implementations are thread-safe.
 */
public interface ProviderPermits {
  /** What {@link #tryAcquire} returns when every permit is held. */
  int NO_PERMIT = -1;

  /** No shared permits: each node's bulkhead is the limit. */
  ProviderPermits NONE =
      new ProviderPermits() {
        @Override
        public boolean shared() {
          return false;
        }

        @Override
        public int tryAcquire(String provider, int limit, String executionId) {
          return 0;
        }

        @Override
        public void release(String provider, int permit, String executionId) {}
      };

  /** Whether the permits are shared with other nodes (else {@link #tryAcquire} is never called). */
  boolean shared();

  /**
   * Takes one of the {@code limit} permits of {@code provider} for the execution's attempt; returns
   * the permit's number, or {@link #NO_PERMIT} when all are held.
   */
  int tryAcquire(String provider, int limit, String executionId);

  /** Gives back a permit {@link #tryAcquire} returned; idempotent. */
  void release(String provider, int permit, String executionId);
}
