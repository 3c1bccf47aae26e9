package io.modelroute.webhook;

import io.modelroute.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Webhook endpoints. Methods take the caller's handle so they join its transaction. */
final class JdbiWebhookEndpointStore {
  private static final String INSERT =
      "INSERT INTO webhook_endpoints (id, org_id, url, description, events_json, headers_json, secret, is_active, "
          + "failure_count, created_at) VALUES (:id, :org, :url, :description, :events, :headers, :secret, TRUE, 0, :created)";
  // is_active and failure_count are changed only as asked, never written back from an earlier
  // read: the delivery worker may have counted failures or deactivated the endpoint meanwhile.
  private static final String UPDATE =
      "UPDATE webhook_endpoints SET url = :url, description = :description, events_json = :events, "
          + "headers_json = :headers, "
          + "failure_count = CASE WHEN :active = TRUE AND is_active = FALSE THEN 0 ELSE failure_count END, "
          + "failing_since = CASE WHEN :active = TRUE AND is_active = FALSE THEN NULL ELSE failing_since END, "
          + "is_active = COALESCE(:active, is_active) WHERE id = :id AND org_id = :org";
  // A failure counts only when it is the first of its minute ("a burst of deliveries failing in the
  // same minute counts once per retry slot"); the run of failures starts at its first one.
  private static final String RECORD_FAILURE =
      "UPDATE webhook_endpoints SET "
          + "failure_count = CASE WHEN failure_count = 0 OR last_failure IS NULL OR last_failure < :slot "
          + "THEN failure_count + 1 ELSE failure_count END, "
          + "failing_since = CASE WHEN failure_count = 0 OR failing_since IS NULL THEN :now ELSE failing_since END, "
          + "last_failure = :now WHERE id = :id";
  // Deactivates only when the run of counted failures is long enough and spans longer than the
  // retry schedule: an outage shorter than the schedule never switches an endpoint off.
  private static final String DEACTIVATE =
      "UPDATE webhook_endpoints SET is_active = FALSE WHERE id = :id AND is_active = TRUE "
          + "AND failure_count >= :limit AND failing_since < :spanStart";

  private static final RowMapper<WebhookEndpoint> ENDPOINT = JdbiWebhookEndpointStore::map;

  void insert(Handle h, WebhookEndpoint e, String secret) {
    h.createUpdate(INSERT)
        .bind("id", e.id())
        .bind("org", e.orgId())
        .bind("url", e.url())
        .bind("description", e.description())
        .bind("events", Json.write(e.events()))
        .bind("headers", Json.write(e.headers()))
        .bind("secret", secret)
        .bind("created", e.createdAt())
        .execute();
  }

  /** The organization's endpoint, or empty for a missing one or another organization's. */
  Optional<WebhookEndpoint> findById(Handle h, String orgId, String id) {
    return h.createQuery("SELECT * FROM webhook_endpoints WHERE id = :id AND org_id = :org")
        .bind("id", id)
        .bind("org", orgId)
        .map(ENDPOINT)
        .findOne();
  }

  /** The organization's endpoints, oldest first. */
  List<WebhookEndpoint> list(Handle h, String orgId) {
    return h.createQuery(
            "SELECT * FROM webhook_endpoints WHERE org_id = :org ORDER BY created_at, id")
        .bind("org", orgId)
        .map(ENDPOINT)
        .list();
  }

  int count(Handle h, String orgId) {
    return h.createQuery("SELECT COUNT(*) FROM webhook_endpoints WHERE org_id = :org")
        .bind("org", orgId)
        .mapTo(Integer.class)
        .one();
  }

  /**
   * Writes the url, description, events and headers of {@code e}; with {@code active} non-null also
   * switches the endpoint on or off, re-activation resetting its failure count.
   */
  boolean update(Handle h, WebhookEndpoint e, Boolean active) {
    return h.createUpdate(UPDATE)
            .bind("url", e.url())
            .bind("description", e.description())
            .bind("events", Json.write(e.events()))
            .bind("headers", Json.write(e.headers()))
            .bind("active", active)
            .bind("id", e.id())
            .bind("org", e.orgId())
            .execute()
        == 1;
  }

  boolean delete(Handle h, String orgId, String id) {
    return h.createUpdate("DELETE FROM webhook_endpoints WHERE id = :id AND org_id = :org")
            .bind("id", id)
            .bind("org", orgId)
            .execute()
        == 1;
  }

  /** A successful attempt: the run of failures is over. */
  void recordSuccess(Handle h, String id, Instant now) {
    h.createUpdate(
            "UPDATE webhook_endpoints SET failure_count = 0, failing_since = NULL, last_success = :now "
                + "WHERE id = :id")
        .bind("now", now)
        .bind("id", id)
        .execute();
  }

  /**
   * A failed attempt at {@code now}, counted once per minute ({@link RetrySchedule#FAILURE_SLOT});
   * switches the endpoint off when {@link RetrySchedule#DEACTIVATE_AFTER_FAILURES} counted failures
   * in a row span longer than {@link RetrySchedule#SPAN}. Returns whether this failure deactivated
   * it.
   */
  boolean recordFailure(Handle h, String id, Instant now) {
    Instant slot = now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    h.createUpdate(RECORD_FAILURE).bind("now", now).bind("slot", slot).bind("id", id).execute();
    return h.createUpdate(DEACTIVATE)
            .bind("id", id)
            .bind("limit", RetrySchedule.DEACTIVATE_AFTER_FAILURES)
            .bind("spanStart", now.minus(RetrySchedule.SPAN))
            .execute()
        == 1;
  }

  private static WebhookEndpoint map(ResultSet rs, StatementContext ctx) throws SQLException {
    List<String> events = new ArrayList<>();
    Json.readTree(rs.getString("events_json")).forEach(n -> events.add(n.asText()));
    return new WebhookEndpoint(
        rs.getString("id"),
        rs.getString("org_id"),
        rs.getString("url"),
        rs.getString("description"),
        events,
        headers(rs.getString("headers_json")),
        rs.getBoolean("is_active"),
        rs.getInt("failure_count"),
        instant(rs.getTimestamp("last_success")),
        instant(rs.getTimestamp("last_failure")),
        instant(rs.getTimestamp("created_at")));
  }

  /** The custom headers stored as a JSON object, in their order. */
  static Map<String, String> headers(String json) {
    Map<String, String> headers = new LinkedHashMap<>();
    Json.readTree(json).properties().forEach(f -> headers.put(f.getKey(), f.getValue().asText()));
    return headers;
  }

  static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
