package io.modelroute.execution;

import io.modelroute.Ids;
import io.modelroute.Json;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * The outbox of execution events. An event row is inserted in the same transaction as the state
 * change it reports, so an event exists if and only if its change committed.
 */
public final class JdbiEventStore {
  /** Inserts the event for {@code execution}'s move and returns its id. */
  public String insert(Handle h, EventType type, Execution execution, Instant now) {
    String id = Ids.event();
    h.createUpdate(
            "INSERT INTO execution_events (id, org_id, execution_id, event_type, payload_json, created_at) "
                + "VALUES (:id, :org, :exec, :type, :payload, :now)")
        .bind("id", id)
        .bind("org", execution.orgId())
        .bind("exec", execution.id())
        .bind("type", type.wireName())
        .bind("payload", Json.write(ExecutionJson.event(id, type, now, execution)))
        .bind("now", now)
        .execute();
    return id;
  }
}
