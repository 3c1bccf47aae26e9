package io.modelroute.webhook;

import static io.modelroute.webhook.JdbiWebhookEndpointStore.instant;

import io.modelroute.db.internal.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Webhook deliveries and their attempt log. Claims follow the executions' pattern: rows due and not
 * leased by a live node are selected with {@code FOR UPDATE SKIP LOCKED}, so several nodes claim
 * disjoint work, then leased to this node with the expected state in the {@code WHERE}. Methods
 * take the caller's handle so they join its transaction.
 */
final class JdbiWebhookDeliveryStore {
  /** The target name of a delivery to an execution's own {@code webhook_url}. */
  static final String EXECUTION_TARGET = "webhook_url";

  /**
   * A delivery to insert. {@code endpointId} xor {@code url} names the target; {@code paused} holds
   * it (status PAUSED) because its endpoint is inactive.
   */
  record NewDelivery(
      String id,
      String orgId,
      String endpointId,
      String url,
      String eventId,
      String eventType,
      String executionId,
      String payloadJson,
      int maxAttempts,
      Instant createdAt,
      Instant expiresAt,
      boolean paused) {}

  /**
   * A claimed delivery with everything its attempt needs.
   *
   * @param url the endpoint's current URL, or the execution's {@code webhook_url}
   * @param secret the endpoint's secret, or the organization's default one for a {@code
   *     webhook_url}
   * @param maxAttempts attempts allowed in all (6, or one more than made after a manual retry)
   */
  record Claimed(
      WebhookDelivery delivery,
      String url,
      Map<String, String> headers,
      String secret,
      String payloadJson,
      int maxAttempts) {}

  private static final String INSERT =
      "INSERT INTO webhook_deliveries (id, org_id, endpoint_id, target, url, event_id, event_type, execution_id, "
          + "payload_json, status, attempts, max_attempts, next_attempt_at, created_at, expires_at) VALUES (:id, :org, "
          + ":endpoint, :target, :url, :event, :type, :exec, :payload, :status, 0, :max, :next, :created, :expires)";

  // Due, not leased by a live node, with an attempt left, its endpoint (if any) active, and no
  // earlier delivery of the same execution to the same target still pending: in order per
  // execution.
  private static final String SELECT_DUE =
      "SELECT d.id FROM webhook_deliveries d WHERE d.status = 'PENDING' AND d.next_attempt_at <= :now "
          + "AND (d.lease_until IS NULL OR d.lease_until < :now) AND d.attempts < d.max_attempts "
          + "AND d.expires_at > :now "
          + "AND (d.endpoint_id IS NULL OR EXISTS (SELECT 1 FROM webhook_endpoints e "
          + "WHERE e.id = d.endpoint_id AND e.is_active = TRUE)) "
          + "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.execution_id = d.execution_id "
          + "AND p.target = d.target AND p.status IN ('PENDING', 'PAUSED') AND p.seq < d.seq) "
          + "ORDER BY d.next_attempt_at, d.seq LIMIT :limit";

  private static final String LEASE =
      "UPDATE webhook_deliveries SET claimed_by = :node, lease_until = :lease, attempts = attempts + 1 "
          + "WHERE id = :id AND status = 'PENDING' AND next_attempt_at <= :now "
          + "AND (lease_until IS NULL OR lease_until < :now) AND attempts < max_attempts";

  private static final String CLAIMED_ROW =
      "SELECT d.*, e.url AS endpoint_url, e.headers_json AS endpoint_headers, e.secret AS endpoint_secret, "
          + "o.webhook_secret AS org_secret FROM webhook_deliveries d "
          + "LEFT JOIN webhook_endpoints e ON e.id = d.endpoint_id "
          + "JOIN organizations o ON o.id = d.org_id WHERE d.id = :id";

  private static final String FINISH =
      "UPDATE webhook_deliveries SET status = :status, next_attempt_at = :next, claimed_by = NULL, lease_until = NULL, "
          + "last_attempt_at = :now, last_status_code = :code, last_latency_ms = :latency, last_error = :error, "
          + "completed_at = :completed WHERE id = :id AND claimed_by = :node AND status = 'PENDING'";

  private static final String EXPIRE =
      "UPDATE webhook_deliveries SET status = 'FAILED', next_attempt_at = NULL, completed_at = :now, "
          + "last_error = COALESCE(last_error, :reason) "
          + "WHERE status = 'PENDING' AND (lease_until IS NULL OR lease_until < :now) "
          + "AND (expires_at <= :now OR attempts >= max_attempts)";

  // The worker's sweep: deliveries of endpoints that went inactive are held, held ones of endpoints
  // that are active again (re-activated, or a fan-out on a node with a stale cache) go out, and
  // waiting
  // deliveries of deleted endpoints (the same stale-cache race) are removed.
  private static final String PAUSE_INACTIVE =
      "UPDATE webhook_deliveries SET status = 'PAUSED', next_attempt_at = NULL "
          + "WHERE status = 'PENDING' AND (lease_until IS NULL OR lease_until < :now) AND endpoint_id IN "
          + "(SELECT id FROM webhook_endpoints WHERE is_active = FALSE)";
  private static final String RESUME =
      "UPDATE webhook_deliveries SET status = 'PENDING', next_attempt_at = :now, expires_at = :expires, "
          + "max_attempts = CASE WHEN attempts >= max_attempts THEN attempts + 1 ELSE max_attempts END "
          + "WHERE status = 'PAUSED' AND endpoint_id IN ";
  private static final String DELETE_PAUSED_ORPHANS =
      "DELETE FROM webhook_deliveries WHERE endpoint_id IS NOT NULL AND status IN ('PAUSED', 'PENDING') "
          + "AND lease_until IS NULL AND NOT EXISTS "
          + "(SELECT 1 FROM webhook_endpoints e WHERE e.id = webhook_deliveries.endpoint_id)";
  // Recover: an endpoint's deliveries that gave up (every attempt failed, or expired) for events
  // since a time get a fresh schedule and expiry.
  private static final String RECOVER =
      "UPDATE webhook_deliveries SET status = 'PENDING', next_attempt_at = :now, expires_at = :expires, "
          + "completed_at = NULL, max_attempts = attempts + :attempts "
          + "WHERE endpoint_id = :endpoint AND status = 'FAILED' AND created_at >= :since";

  private static final RowMapper<WebhookDelivery> DELIVERY = JdbiWebhookDeliveryStore::map;

  private final Dialect dialect;

  JdbiWebhookDeliveryStore(Dialect dialect) {
    this.dialect = dialect;
  }

  void insert(Handle h, List<NewDelivery> rows) {
    if (rows.isEmpty()) {
      return;
    }
    PreparedBatch batch = h.prepareBatch(INSERT);
    for (NewDelivery d : rows) {
      batch
          .bind("id", d.id())
          .bind("org", d.orgId())
          .bind("endpoint", d.endpointId())
          .bind("target", d.endpointId() != null ? d.endpointId() : EXECUTION_TARGET)
          .bind("url", d.url())
          .bind("event", d.eventId())
          .bind("type", d.eventType())
          .bind("exec", d.executionId())
          .bind("payload", d.payloadJson())
          .bind("status", (d.paused() ? DeliveryStatus.PAUSED : DeliveryStatus.PENDING).name())
          .bind("next", d.paused() ? null : d.createdAt())
          .bind("max", d.maxAttempts())
          .bind("created", d.createdAt())
          .bind("expires", d.expiresAt())
          .add();
    }
    batch.execute();
  }

  /**
   * Claims up to {@code limit} due deliveries for {@code nodeId} until {@code leaseUntil}, counting
   * the attempt each is about to get. Rows other transactions hold are skipped.
   */
  List<Claimed> claimDue(Handle h, Instant now, int limit, String nodeId, Instant leaseUntil) {
    List<String> ids =
        h.createQuery(SELECT_DUE + dialect.lockSkipLocked())
            .bind("now", now)
            .bind("limit", limit)
            .mapTo(String.class)
            .list();
    List<Claimed> claimed = new ArrayList<>(ids.size());
    for (String id : ids) {
      int leased =
          h.createUpdate(LEASE)
              .bind("node", nodeId)
              .bind("lease", leaseUntil)
              .bind("now", now)
              .bind("id", id)
              .execute();
      if (leased == 1) {
        claimed.add(
            h.createQuery(CLAIMED_ROW)
                .bind("id", id)
                .map(JdbiWebhookDeliveryStore::mapClaimed)
                .one());
      }
    }
    return claimed;
  }

  /**
   * Ends this node's attempt: {@code status} SUCCEEDED or FAILED with {@code next} null, or PENDING
   * again until {@code next}. False when the delivery is no longer this node's (deleted, or its
   * lease ran out and another node took it): the caller must then record nothing.
   */
  boolean finish(
      Handle h,
      String id,
      String nodeId,
      DeliveryStatus status,
      Instant next,
      DeliveryAttempt attempt) {
    return h.createUpdate(FINISH)
            .bind("status", status.name())
            .bind("next", next)
            .bind("now", attempt.attemptedAt())
            .bind("code", attempt.statusCode())
            .bind("latency", attempt.latencyMs())
            .bind("error", truncate(attempt.error()))
            .bind("completed", status == DeliveryStatus.PENDING ? null : attempt.attemptedAt())
            .bind("id", id)
            .bind("node", nodeId)
            .execute()
        == 1;
  }

  void insertAttempt(Handle h, String deliveryId, String nodeId, DeliveryAttempt a) {
    h.createUpdate(
            "INSERT INTO webhook_delivery_attempts (delivery_id, attempt, node_id, status_code, latency_ms, error, "
                + "attempted_at) VALUES (:delivery, :attempt, :node, :code, :latency, :error, :at)")
        .bind("delivery", deliveryId)
        .bind("attempt", a.attempt())
        .bind("node", nodeId)
        .bind("code", a.statusCode())
        .bind("latency", a.latencyMs())
        .bind("error", truncate(a.error()))
        .bind("at", a.attemptedAt())
        .execute();
  }

  /**
   * Fails pending deliveries that expired or used every attempt (a node died during the last one)
   * and are not leased by a live node. Returns how many.
   */
  int expire(Handle h, Instant now) {
    return h.createUpdate(EXPIRE)
        .bind("now", now)
        .bind("reason", "expired before it could be delivered")
        .execute();
  }

  /**
   * The earliest time after {@code now} a pending delivery falls due, so an idle worker can sleep
   * until then.
   */
  Optional<Instant> nextDue(Handle h, Instant now) {
    return h.createQuery(
            "SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE status = 'PENDING' "
                + "AND next_attempt_at > :now")
        .bind("now", now)
        .map((rs, ctx) -> instant(rs.getTimestamp(1)))
        .findOne();
  }

  /** Holds the pending deliveries of inactive endpoints (not those in flight). Returns how many. */
  int pauseInactive(Handle h, Instant now) {
    return h.createUpdate(PAUSE_INACTIVE).bind("now", now).execute();
  }

  /**
   * Sends the held deliveries of every active endpoint, due now and expiring afresh. Returns how
   * many.
   */
  int resumeActive(Handle h, Instant now, Instant expiresAt) {
    return h.createUpdate(RESUME + "(SELECT id FROM webhook_endpoints WHERE is_active = TRUE)")
        .bind("now", now)
        .bind("expires", expiresAt)
        .execute();
  }

  /** Sends the held deliveries of one endpoint (just re-activated), due now and expiring afresh. */
  int resume(Handle h, String endpointId, Instant now, Instant expiresAt) {
    return h.createUpdate(RESUME + "(:endpoint)")
        .bind("endpoint", endpointId)
        .bind("now", now)
        .bind("expires", expiresAt)
        .execute();
  }

  /**
   * Removes waiting deliveries whose endpoint no longer exists (written by a stale cache). Returns
   * how many.
   */
  int deletePausedOrphans(Handle h) {
    return h.createUpdate(DELETE_PAUSED_ORPHANS).execute();
  }

  /**
   * Re-queues the endpoint's FAILED deliveries (attempts used up, or expired) of events since
   * {@code since}: due now, a fresh expiry and a full schedule of attempts. Returns how many.
   */
  int recover(Handle h, String endpointId, Instant since, Instant now, Instant expiresAt) {
    return h.createUpdate(RECOVER)
        .bind("endpoint", endpointId)
        .bind("since", since)
        .bind("now", now)
        .bind("expires", expiresAt)
        .bind("attempts", RetrySchedule.MAX_ATTEMPTS)
        .execute();
  }

  /** The delivery, when it belongs to the organization's endpoint. */
  Optional<WebhookDelivery> findById(Handle h, String orgId, String endpointId, String id) {
    return h.createQuery(
            "SELECT * FROM webhook_deliveries WHERE id = :id AND org_id = :org AND endpoint_id = :endpoint")
        .bind("id", id)
        .bind("org", orgId)
        .bind("endpoint", endpointId)
        .map(DELIVERY)
        .findOne();
  }

  /** Any delivery by id; for the engine and tests. */
  Optional<WebhookDelivery> findById(Handle h, String id) {
    return h.createQuery("SELECT * FROM webhook_deliveries WHERE id = :id")
        .bind("id", id)
        .map(DELIVERY)
        .findOne();
  }

  /**
   * Deliveries to an endpoint, newest first, after the one with sequence {@code beforeSeq} if
   * given.
   */
  List<WebhookDelivery> listForEndpoint(Handle h, String endpointId, Long beforeSeq, int limit) {
    return h.createQuery(
            "SELECT * FROM webhook_deliveries WHERE endpoint_id = :endpoint"
                + (beforeSeq == null ? "" : " AND seq < :before")
                + " ORDER BY seq DESC LIMIT :limit")
        .bind("endpoint", endpointId)
        .bind("before", beforeSeq)
        .bind("limit", limit)
        .map(DELIVERY)
        .list();
  }

  /** All deliveries about one execution, oldest first; for the engine and tests. */
  List<WebhookDelivery> listForExecution(Handle h, String executionId) {
    return h.createQuery("SELECT * FROM webhook_deliveries WHERE execution_id = :exec ORDER BY seq")
        .bind("exec", executionId)
        .map(DELIVERY)
        .list();
  }

  Optional<Long> seqOf(Handle h, String endpointId, String id) {
    return h.createQuery(
            "SELECT seq FROM webhook_deliveries WHERE id = :id AND endpoint_id = :endpoint")
        .bind("id", id)
        .bind("endpoint", endpointId)
        .mapTo(Long.class)
        .findOne();
  }

  List<DeliveryAttempt> attempts(Handle h, String deliveryId) {
    return h.createQuery(
            "SELECT * FROM webhook_delivery_attempts WHERE delivery_id = :id ORDER BY id")
        .bind("id", deliveryId)
        .map(
            (rs, ctx) ->
                new DeliveryAttempt(
                    rs.getInt("attempt"),
                    (Integer) rs.getObject("status_code"),
                    rs.getLong("latency_ms"),
                    rs.getString("error"),
                    instant(rs.getTimestamp("attempted_at"))))
        .list();
  }

  /**
   * Schedules a delivery for an attempt at {@code now}. A pending one is only brought forward; a
   * finished one gets exactly one more attempt and a fresh expiry.
   */
  boolean retry(Handle h, String id, Instant now, Instant expiresAt) {
    int pending =
        h.createUpdate(
                "UPDATE webhook_deliveries SET status = 'PENDING', next_attempt_at = :now "
                    + "WHERE id = :id AND status IN ('PENDING', 'PAUSED')")
            .bind("now", now)
            .bind("id", id)
            .execute();
    if (pending == 1) {
      return true;
    }
    return h.createUpdate(
                "UPDATE webhook_deliveries SET status = 'PENDING', next_attempt_at = :now, max_attempts = attempts + 1, "
                    + "expires_at = :expires, completed_at = NULL WHERE id = :id AND status IN ('SUCCEEDED', 'FAILED')")
            .bind("now", now)
            .bind("expires", expiresAt)
            .bind("id", id)
            .execute()
        == 1;
  }

  /**
   * Removes an endpoint's deliveries and their attempt log. Call it before deleting the endpoint
   * row: an attempt's outcome locks its delivery, then the endpoint, so the delete must lock in
   * that order too (the other order deadlocked against an attempt in flight).
   */
  void deleteForEndpoint(Handle h, String endpointId) {
    h.createUpdate(
            "DELETE FROM webhook_delivery_attempts WHERE delivery_id IN "
                + "(SELECT id FROM webhook_deliveries WHERE endpoint_id = :endpoint)")
        .bind("endpoint", endpointId)
        .execute();
    h.createUpdate("DELETE FROM webhook_deliveries WHERE endpoint_id = :endpoint")
        .bind("endpoint", endpointId)
        .execute();
  }

  /**
   * Gives this node's leases back (graceful shutdown); the attempts they counted are not undone.
   */
  int releaseLeases(Handle h, String nodeId) {
    return h.createUpdate(
            "UPDATE webhook_deliveries SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = :node")
        .bind("node", nodeId)
        .execute();
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
  }

  private static Claimed mapClaimed(ResultSet rs, StatementContext ctx) throws SQLException {
    WebhookDelivery d = map(rs, ctx);
    boolean toEndpoint = d.endpointId() != null && rs.getString("endpoint_headers") != null;
    return new Claimed(
        d,
        toEndpoint ? rs.getString("endpoint_url") : d.url(),
        toEndpoint ? JdbiWebhookEndpointStore.headers(rs.getString("endpoint_headers")) : Map.of(),
        toEndpoint ? rs.getString("endpoint_secret") : rs.getString("org_secret"),
        rs.getString("payload_json"),
        rs.getInt("max_attempts"));
  }

  private static WebhookDelivery map(ResultSet rs, StatementContext ctx) throws SQLException {
    long latency = rs.getLong("last_latency_ms");
    boolean latencyNull = rs.wasNull();
    return new WebhookDelivery(
        rs.getString("id"),
        rs.getString("org_id"),
        rs.getString("endpoint_id"),
        rs.getString("url"),
        rs.getString("event_id"),
        rs.getString("event_type"),
        rs.getString("execution_id"),
        DeliveryStatus.valueOf(rs.getString("status")),
        rs.getInt("attempts"),
        (Integer) rs.getObject("last_status_code"),
        latencyNull ? null : latency,
        rs.getString("last_error"),
        instant(rs.getTimestamp("last_attempt_at")),
        instant(rs.getTimestamp("next_attempt_at")),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("expires_at")),
        instant(rs.getTimestamp("completed_at")));
  }
}
