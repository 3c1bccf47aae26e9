package io.modelroute.worker;

import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionLifecycle;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Moves active executions past their {@code expires_at} to EXPIRED ({@code GENERATION_TIMEOUT},
 * hold released) through the lifecycle. The dispatcher hears of each expiry as a committed change
 * and aborts the call in flight and asks the provider to cancel its job. Thread-safe.
 */
final class ExpirySweeper {
  static final int BATCH = 100;
  private final ExecutionLifecycle lifecycle;

  ExpirySweeper(ExecutionLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /** Expires what is overdue at {@code now}, up to one batch; returns how many. */
  int expireDue(Instant now) {
    List<String> ids = lifecycle.findExpired(now, BATCH);
    int expired = 0;
    for (String id : ids) {
      Optional<Execution> e = lifecycle.find(id);
      if (e.isPresent() && lifecycle.expire(e.get()).isPresent()) {
        expired++;
      }
    }
    return expired;
  }
}
