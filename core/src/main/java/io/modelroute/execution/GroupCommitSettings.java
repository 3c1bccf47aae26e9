package io.modelroute.execution;

/**
 * How concurrent submits are group-committed: up to {@code maxBatch} creates share one transaction
 * and one commit (see {@link ExecutionService#create}); set with {@link
 * io.modelroute.ModelRouteConfig.Builder#groupCommit}. Immutable.
 *
 * @param maxBatch the most submits one transaction takes; {@code 0} turns group commit off (every
 *     submit commits alone on its request thread, as before group commit existed)
 * @param committers threads that write batches; one suffices for one database, more overlap round
 *     trips to a remote PostgreSQL
 * @param queueCapacity submits waiting for a committer at most; a submit that finds the queue full
 *     commits alone on its own thread instead of waiting
 */
public record GroupCommitSettings(int maxBatch, int committers, int queueCapacity) {
  public static final int DEFAULT_MAX_BATCH = 128;
  public static final int DEFAULT_COMMITTERS = 1;
  public static final int DEFAULT_QUEUE_CAPACITY = 4096;

  /** The largest {@code maxBatch} allowed: a batch's metadata rows stay in a few statements. */
  public static final int MAX_BATCH_LIMIT = 1000;

  /** Every submit commits alone. */
  public static final GroupCommitSettings OFF =
      new GroupCommitSettings(0, DEFAULT_COMMITTERS, DEFAULT_QUEUE_CAPACITY);

  public GroupCommitSettings {
    if (maxBatch < 0 || maxBatch > MAX_BATCH_LIMIT) {
      throw new IllegalArgumentException(
          "maxBatch must be 0 (off) to " + MAX_BATCH_LIMIT + ", not " + maxBatch);
    }
    if (committers < 1 || committers > 16) {
      throw new IllegalArgumentException("committers must be 1 to 16, not " + committers);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be positive");
    }
  }

  /**
   * The defaults: {@link #DEFAULT_MAX_BATCH}, {@link #DEFAULT_COMMITTERS}, {@link
   * #DEFAULT_QUEUE_CAPACITY}.
   */
  public static GroupCommitSettings defaults() {
    return new GroupCommitSettings(DEFAULT_MAX_BATCH, DEFAULT_COMMITTERS, DEFAULT_QUEUE_CAPACITY);
  }

  /** These settings with another batch size ({@code 0} = off). */
  public GroupCommitSettings withMaxBatch(int n) {
    return new GroupCommitSettings(n, committers, queueCapacity);
  }

  /** Whether group commit is on ({@code maxBatch > 0}). */
  public boolean enabled() {
    return maxBatch > 0;
  }
}
