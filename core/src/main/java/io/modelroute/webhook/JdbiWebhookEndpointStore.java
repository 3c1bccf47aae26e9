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
          + "is_active = COALESCE(:active, is_active) WHERE id = :id AND org_id = :org";
  private static final String RECORD_FAILURE =
      "UPDATE webhook_endpoints SET failure_count = failure_count + 1, last_failure = :now, "
          + "is_active = CASE WHEN failure_count + 1 >= :limit THEN FALSE ELSE is_active END WHERE id = :id";

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
        .bind("id", id).bind("org", orgId).map(ENDPOINT).findOne();
  }

  /** The organization's endpoints, oldest first. */
  List<WebhookEndpoint> list(Handle h, String orgId) {
    return h.createQuery("SELECT * FROM webhook_endpoints WHERE org_id = :org ORDER BY created_at, id")
        .bind("org", orgId).map(ENDPOINT).list();
  }

  /** The organization's active endpoints: the targets of its events. */
  List<WebhookEndpoint> findActive(Handle h, String orgId) {
    return h.createQuery("SELECT * FROM webhook_endpoints WHERE org_id = :org AND is_active = TRUE ORDER BY created_at, id")
        .bind("org", orgId).map(ENDPOINT).list();
  }

  int count(Handle h, String orgId) {
    return h.createQuery("SELECT COUNT(*) FROM webhook_endpoints WHERE org_id = :org")
        .bind("org", orgId).mapTo(Integer.class).one();
  }

  /**
   * Writes the url, description, events and headers of {@code e}; with {@code active} non-null
   * also switches the endpoint on or off, re-activation resetting its failure count.
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
        .execute() == 1;
  }

  boolean delete(Handle h, String orgId, String id) {
    return h.createUpdate("DELETE FROM webhook_endpoints WHERE id = :id AND org_id = :org")
        .bind("id", id).bind("org", orgId).execute() == 1;
  }

  /** A successful attempt: the run of failures is over. */
  void recordSuccess(Handle h, String id, Instant now) {
    h.createUpdate("UPDATE webhook_endpoints SET failure_count = 0, last_success = :now WHERE id = :id")
        .bind("now", now).bind("id", id).execute();
  }

  /**
   * A failed attempt; the {@code deactivateAfter}-th in a row switches the endpoint off. Returns
   * the failure count after it, or empty when the endpoint is gone.
   */
  Optional<Integer> recordFailure(Handle h, String id, Instant now, int deactivateAfter) {
    h.createUpdate(RECORD_FAILURE).bind("now", now).bind("limit", deactivateAfter).bind("id", id).execute();
    return h.createQuery("SELECT failure_count FROM webhook_endpoints WHERE id = :id")
        .bind("id", id).mapTo(Integer.class).findOne();
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
    Json.readTree(json).fields().forEachRemaining(f -> headers.put(f.getKey(), f.getValue().asText()));
    return headers;
  }

  static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
