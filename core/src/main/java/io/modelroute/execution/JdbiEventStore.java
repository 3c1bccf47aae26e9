package io.modelroute.execution;

import io.modelroute.Ids;
import io.modelroute.Json;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The outbox of execution events. An event row is inserted in the same transaction as the state
 * change it reports, so an event exists if and only if its change committed. {@link
 * OutboxListener}s run inside that transaction too (webhook fan-out).
 */
public final class JdbiEventStore {
  private final List<OutboxListener> listeners;

  /** An outbox nobody else writes alongside. */
  public JdbiEventStore() {
    this(List.of());
  }

  /** An outbox whose every insert also runs {@code listeners}, in order, in the same transaction. */
  public JdbiEventStore(List<OutboxListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** Inserts the event for {@code execution}'s move and returns its id. */
  public String insert(Handle h, EventType type, Execution execution, Instant now) {
    String id = Ids.event();
    String payload = Json.write(ExecutionJson.event(id, type, now, execution));
    h.createUpdate(
            "INSERT INTO execution_events (id, org_id, execution_id, event_type, payload_json, created_at) "
                + "VALUES (:id, :org, :exec, :type, :payload, :now)")
        .bind("id", id)
        .bind("org", execution.orgId())
        .bind("exec", execution.id())
        .bind("type", type.wireName())
        .bind("payload", payload)
        .bind("now", now)
        .execute();
    if (!listeners.isEmpty()) {
      OutboxListener.OutboxEvent event = new OutboxListener.OutboxEvent(id, type, execution, payload, now);
      for (OutboxListener l : listeners) {
        l.written(h, event);
      }
    }
    return id;
  }
}
