package io.modelroute.worker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last {@link ProviderHealth#RECENT_FAILURES} failed attempts per provider on this node, in
 * memory (what the operator's provider view shows; the attempt trail in the database keeps them
 * all). Costs one short lock per failure. Thread-safe.
 */
final class RecentFailures {
  private final int keep;
  private final ConcurrentHashMap<String, Deque<ProviderHealth.Failure>> byProvider =
      new ConcurrentHashMap<>();

  RecentFailures(int keep) {
    this.keep = keep;
  }

  void add(String provider, ProviderHealth.Failure failure) {
    Deque<ProviderHealth.Failure> recent =
        byProvider.computeIfAbsent(provider, p -> new ArrayDeque<>());
    synchronized (recent) {
      recent.addFirst(failure);
      while (recent.size() > keep) {
        recent.removeLast();
      }
    }
  }

  /** The provider's failures, newest first. */
  List<ProviderHealth.Failure> of(String provider) {
    Deque<ProviderHealth.Failure> recent = byProvider.get(provider);
    if (recent == null) {
      return List.of();
    }
    synchronized (recent) {
      return new ArrayList<>(recent);
    }
  }
}
