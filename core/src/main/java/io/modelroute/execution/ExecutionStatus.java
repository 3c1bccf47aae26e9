package io.modelroute.execution;

import java.util.EnumSet;
import java.util.Set;

/**
 * The execution state machine (docs/concepts.md):
 *
 * <pre>
 * PENDING ──dispatch──▶ PROCESSING ──provider will call back──▶ AWAITING_WEBHOOK
 * PENDING | PROCESSING | AWAITING_WEBHOOK ──▶ COMPLETED | FAILED | CANCELLED | EXPIRED
 * </pre>
 *
 * Terminal states never change; the stores enforce it with the expected state in every {@code
 * WHERE}. Immutable.
 */
public enum ExecutionStatus {
  PENDING,
  PROCESSING,
  AWAITING_WEBHOOK,
  COMPLETED,
  FAILED,
  CANCELLED,
  EXPIRED;

  /** The states work can still happen in. */
  public static final Set<ExecutionStatus> ACTIVE =
      EnumSet.of(PENDING, PROCESSING, AWAITING_WEBHOOK);

  /** Whether the state is final (COMPLETED, FAILED, CANCELLED or EXPIRED). */
  public boolean isTerminal() {
    return !ACTIVE.contains(this);
  }

  /**
   * The one transition table (docs/concepts.md). A claim moves PENDING to PROCESSING; a claimed
   * execution is parked again in PROCESSING (retry, failover, poll later) or AWAITING_WEBHOOK (the
   * provider will call back), any number of times; every active state may end in any terminal
   * state; terminal states never move. {@link ExecutionLifecycle} checks every move against it and
   * the stores put {@link #sourcesSql} of the target in their {@code WHERE}.
   */
  public boolean canMoveTo(ExecutionStatus next) {
    return switch (this) {
      case PENDING -> next == PROCESSING || next.isTerminal();
      case PROCESSING, AWAITING_WEBHOOK -> next != PENDING;
      case COMPLETED, FAILED, CANCELLED, EXPIRED -> false;
    };
  }

  /** The states the table lets move into {@code target}. */
  public static Set<ExecutionStatus> sourcesOf(ExecutionStatus target) {
    Set<ExecutionStatus> from = EnumSet.noneOf(ExecutionStatus.class);
    for (ExecutionStatus s : values()) {
      if (s.canMoveTo(target)) {
        from.add(s);
      }
    }
    return from;
  }

  /** SQL list of {@link #sourcesOf}({@code target}), for {@code status IN (…)}. */
  static String sourcesSql(ExecutionStatus target) {
    StringBuilder sql = new StringBuilder("(");
    for (ExecutionStatus s : sourcesOf(target)) {
      sql.append(sql.length() == 1 ? "" : ", ").append('\'').append(s.name()).append('\'');
    }
    return sql.append(')').toString();
  }

  /** SQL list of the active states, for {@code status IN (…)}. */
  static final String ACTIVE_SQL = "('PENDING', 'PROCESSING', 'AWAITING_WEBHOOK')";
}
