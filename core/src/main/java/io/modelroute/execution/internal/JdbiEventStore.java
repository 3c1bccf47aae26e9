package io.modelroute.execution.internal;

import io.modelroute.Json;
import io.modelroute.execution.EventType;
import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionJson;
import io.modelroute.internal.Ids;
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

  /**
   * An outbox whose every insert also runs {@code listeners}, in order, in the same transaction.
   */
  public JdbiEventStore(List<OutboxListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private static final String INSERT =
      "INSERT INTO execution_events (id, org_id, execution_id, event_type, payload_json, created_at) "
          + "VALUES (:id, :org, :exec, :type, :payload, :now)";

  /**
   * One event of a batch: the move {@code type} of {@code execution} (its state after the move).
   */
  public record Move(EventType type, Execution execution) {}

  /**
   * Inserts one {@code type} event per execution as one JDBC batch (a claim's {@code
   * execution.started} events), then runs the listeners for each, in order.
   */
  public void insertAll(Handle h, EventType type, List<Execution> moved, Instant now) {
    insertAll(h, moved.stream().map(e -> new Move(type, e)).toList(), now);
  }

  /**
   * Inserts one event per move as one JDBC batch, then runs each listener on the batch ({@link
   * OutboxListener#writtenAll}).
   */
  public void insertAll(Handle h, List<Move> moves, Instant now) {
    if (moves.size() == 1) {
      insert(h, moves.get(0).type(), moves.get(0).execution(), now);
      return;
    }
    if (moves.isEmpty()) {
      return;
    }
    List<OutboxListener.OutboxEvent> written = new java.util.ArrayList<>(moves.size());
    var batch = h.prepareBatch(INSERT);
    for (Move m : moves) {
      Execution e = m.execution();
      String id = Ids.event();
      String payload = Json.write(ExecutionJson.event(id, m.type(), now, e));
      batch
          .bind("id", id)
          .bind("org", e.orgId())
          .bind("exec", e.id())
          .bind("type", m.type().wireName())
          .bind("payload", payload)
          .bind("now", now)
          .add();
      written.add(new OutboxListener.OutboxEvent(id, m.type(), e, payload, now));
    }
    batch.execute();
    for (OutboxListener l : listeners) {
      l.writtenAll(h, written);
    }
  }

  /** Inserts the event for {@code execution}'s move and returns its id. */
  String insert(Handle h, EventType type, Execution execution, Instant now) {
    String id = Ids.event();
    String payload = Json.write(ExecutionJson.event(id, type, now, execution));
    h.createUpdate(INSERT)
        .bind("id", id)
        .bind("org", execution.orgId())
        .bind("exec", execution.id())
        .bind("type", type.wireName())
        .bind("payload", payload)
        .bind("now", now)
        .execute();
    if (!listeners.isEmpty()) {
      OutboxListener.OutboxEvent event =
          new OutboxListener.OutboxEvent(id, type, execution, payload, now);
      for (OutboxListener l : listeners) {
        l.written(h, event);
      }
    }
    return id;
  }
}
