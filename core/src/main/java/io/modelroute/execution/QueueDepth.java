package io.modelroute.execution;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The unfinished executions of every organization, counted by model and active status, as {@link
 * ExecutionService#queueDepth} reads them from the database (the whole cluster's queue). For
 * operators. Immutable.
 *
 * @param counts one entry per (model, active status) with at least one execution, by model then
 *     status
 * @param dueNow executions due now that no node holds a live lease on: waiting for a worker
 */
public record QueueDepth(List<Count> counts, long dueNow) {
  public QueueDepth {
    counts = List.copyOf(counts);
  }

  /**
   * How many executions of one model are in one active status.
   *
   * @param model the model slug
   * @param status {@code PENDING}, {@code PROCESSING} or {@code AWAITING_WEBHOOK}
   * @param executions how many
   */
  public record Count(String model, ExecutionStatus status, long executions) {
    public Count {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(status, "status");
    }
  }

  /** Every unfinished execution. */
  public long total() {
    return counts.stream().mapToLong(Count::executions).sum();
  }

  /** The unfinished executions in {@code status}, over all models. */
  public long count(ExecutionStatus status) {
    return counts.stream().filter(c -> c.status() == status).mapToLong(Count::executions).sum();
  }

  /**
   * The counts by model (in slug order), each by status (every active status present, 0 if none).
   */
  public SortedMap<String, Map<ExecutionStatus, Long>> byModel() {
    SortedMap<String, Map<ExecutionStatus, Long>> out = new TreeMap<>();
    for (Count c : counts) {
      out.computeIfAbsent(
              c.model(),
              m -> {
                Map<ExecutionStatus, Long> zero = new EnumMap<>(ExecutionStatus.class);
                ExecutionStatus.ACTIVE.forEach(s -> zero.put(s, 0L));
                return zero;
              })
          .merge(c.status(), c.executions(), Long::sum);
    }
    return out;
  }
}
