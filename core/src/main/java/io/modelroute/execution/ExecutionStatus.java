package io.modelroute.execution;

import java.util.EnumSet;
import java.util.Set;

/**
 * The execution state machine (SPEC §4):
 *
 * <pre>
 * PENDING ──dispatch──▶ PROCESSING ──provider will call back──▶ AWAITING_WEBHOOK
 * PENDING | PROCESSING | AWAITING_WEBHOOK ──▶ COMPLETED | FAILED | CANCELLED | EXPIRED
 * </pre>
 *
 * Terminal states never change; the stores enforce it with the expected state in every
 * {@code WHERE}.
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
  public static final Set<ExecutionStatus> ACTIVE = EnumSet.of(PENDING, PROCESSING, AWAITING_WEBHOOK);

  public boolean isTerminal() {
    return !ACTIVE.contains(this);
  }

  /** Whether the state machine allows moving from this state to {@code next}. */
  public boolean canMoveTo(ExecutionStatus next) {
    return switch (this) {
      case PENDING -> next != PENDING && next != AWAITING_WEBHOOK;
      case PROCESSING -> next != PENDING && next != PROCESSING;
      case AWAITING_WEBHOOK -> next != PENDING && next != AWAITING_WEBHOOK;
      case COMPLETED, FAILED, CANCELLED, EXPIRED -> false;
    };
  }

  /** SQL list of the active states, for {@code status IN (…)}. */
  static final String ACTIVE_SQL = "('PENDING', 'PROCESSING', 'AWAITING_WEBHOOK')";
}
