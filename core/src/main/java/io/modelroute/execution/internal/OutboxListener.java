package io.modelroute.execution.internal;

import io.modelroute.execution.EventType;
import io.modelroute.execution.Execution;
import java.time.Instant;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * Hears about every event the moment it is written to the outbox, <em>inside</em> the transaction
 * of the state change, so whatever it writes with {@code h} commits or rolls back together with the
 * change. Webhook fan-out uses it: a delivery row exists if and only if its event does.
 *
 * <p>Must only use the given handle (no other connection: it could deadlock against the open
 * transaction), must be quick, and may throw only to abort the state change.
 */
@FunctionalInterface
public interface OutboxListener {
  /** The event just inserted. */
  record OutboxEvent(
      String id, EventType type, Execution execution, String payloadJson, Instant createdAt) {
    public OutboxEvent {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(execution, "execution");
      Objects.requireNonNull(payloadJson, "payloadJson");
      Objects.requireNonNull(createdAt, "createdAt");
    }
  }

  /** Called with the transaction's handle right after the event row was inserted. */
  void written(Handle h, OutboxEvent event);

  /**
   * Called once for the events of a batch insert (two or more), right after their rows were
   * inserted; by default {@link #written} for each, in order. A listener that can handle the batch
   * in one statement overrides it.
   */
  default void writtenAll(Handle h, java.util.List<OutboxEvent> events) {
    for (OutboxEvent event : events) {
      written(h, event);
    }
  }
}
