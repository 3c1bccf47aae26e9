package io.modelroute.db.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Keeps a node-local cache honest across nodes that share one database, at the cost of at most one
 * one-row query per {@code checkInterval} however busy the node is.
 *
 * <p>Every change to the cached data {@link #bump bumps} a counter row ({@code cache_versions}) in
 * the change's own transaction and, once committed, {@link #invalidate invalidates} this node's
 * cache at once. A reader takes a {@link #generation()} before loading an entry and keeps the entry
 * only while {@link #isCurrent} says that generation still holds; {@link #check} (called on use, it
 * queries only when the interval has passed) moves the generation when another node bumped the
 * counter. Other nodes therefore see a change within {@code checkInterval} of their next use; on
 * PostgreSQL with several nodes an {@link Announcer} (the cluster signals) also tells them when the
 * change commits, so they drop their caches within milliseconds. Thread-safe.
 */
public final class CacheVersion {
  private final String name;
  private final long checkIntervalNanos;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicLong nextCheckNanos;
  private volatile long seenVersion = Long.MIN_VALUE;
  private volatile Announcer announcer;

  /**
   * Tells other nodes of a bump, inside its transaction (so they hear of it only if it commits).
   */
  @FunctionalInterface
  public interface Announcer {
    void bumped(Handle h, String name);
  }

  /**
   * @param name the row of {@code cache_versions} ({@code webhook_endpoints}, {@code api_keys})
   * @param checkInterval the staleness bound for changes made on other nodes; zero checks on every
   *     use
   */
  public CacheVersion(String name, Duration checkInterval) {
    this.name = Objects.requireNonNull(name, "name");
    this.checkIntervalNanos = checkInterval.toNanos();
    this.nextCheckNanos = new AtomicLong(System.nanoTime());
  }

  /** Marks the cached data changed for every node; call inside the change's transaction. */
  public void bump(Handle h) {
    h.createUpdate("UPDATE cache_versions SET version = version + 1 WHERE name = :name")
        .bind("name", name)
        .execute();
    Announcer a = announcer;
    if (a != null) {
      a.bumped(h, name);
    }
  }

  /** The row of {@code cache_versions} this counter reads. */
  public String name() {
    return name;
  }

  /** Has {@code a} tell other nodes of every bump from now on (wired once, at start). */
  public void announceWith(Announcer a) {
    this.announcer = a;
  }

  /** Drops this node's cache; call after the change committed. */
  public void invalidate() {
    generation.incrementAndGet();
  }

  /** The generation to tag an entry with; take it before loading the entry. */
  public long generation() {
    return generation.get();
  }

  /** Whether an entry loaded under {@code entryGeneration} may still be used. */
  public boolean isCurrent(long entryGeneration) {
    return entryGeneration == generation.get();
  }

  /**
   * Asks the database for the counter when the check interval has passed (one thread at a time;
   * others carry on with the cache meanwhile) and invalidates this node's cache when it moved.
   * Costs no query between checks.
   */
  public void check(Jdbi jdbi) {
    if (due()) {
      jdbi.useHandle(this::read);
    }
  }

  /** {@link #check(Jdbi)} on the caller's handle (e.g. inside its transaction). */
  public void check(Handle h) {
    if (due()) {
      read(h);
    }
  }

  private boolean due() {
    long now = System.nanoTime();
    long next = nextCheckNanos.get();
    return now - next >= 0 && nextCheckNanos.compareAndSet(next, now + checkIntervalNanos);
  }

  private void read(Handle h) {
    long version =
        h.createQuery("SELECT version FROM cache_versions WHERE name = :name")
            .bind("name", name)
            .mapTo(Long.class)
            .findOne()
            .orElse(0L);
    if (version != seenVersion) {
      if (seenVersion != Long.MIN_VALUE) {
        invalidate();
      }
      seenVersion = version;
    }
  }
}
