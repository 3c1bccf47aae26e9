package io.modelroute.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * Internal (public for the engine's other packages and the HTTP layer; not API, may change without
 * notice). Executions, their metadata and attempts. Every state change names the states it expects
 * in its {@code WHERE}; zero rows updated means someone else moved the execution first. Methods
 * take the caller's handle so the caller's transaction covers them.
 */
public final class JdbiExecutionStore {
  /** What a claim found: the execution and the state it was in before the claim. */
  public record Claimed(
      Execution execution,
      ExecutionStatus previousStatus,
      int routeAttempts,
      Instant attemptStartedAt) {}

  private static final String INSERT =
      "INSERT INTO executions (id, org_id, api_key_id, model, mode, status, input_json, metadata_json, "
          + "webhook_url, hold_micros, estimate_micros, attempts, route_index, route_attempts, next_run_at, "
          + "created_at, expires_at) VALUES (:id, :org, :key, :model, :mode, 'PENDING', :input, :metadata, "
          + ":webhook, :hold, :estimate, 0, 0, 0, :next, :created, :expires)";

  /** {@link #INSERT} up to its {@code VALUES}, for the multi-row form. */
  private static final String INSERT_COLUMNS =
      INSERT.substring(0, INSERT.indexOf(" VALUES ") + " VALUES ".length());

  private static final String INSERT_ROW =
      "(?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?)";
  private static final String INSERT_METADATA =
      "INSERT INTO execution_metadata (execution_id, org_id, meta_key, meta_value) VALUES ";

  /** Rows per multi-row insert: well below PostgreSQL's bind-parameter limit. */
  private static final int MAX_ROWS_PER_INSERT = 1000;

  private static final RowMapper<Execution> EXECUTION = JdbiExecutionStore::map;

  private final Dialect dialect;

  /** A store writing SQL for {@code dialect}. */
  public JdbiExecutionStore(Dialect dialect) {
    this.dialect = dialect;
  }

  /** Inserts a new execution and its metadata in the caller's transaction. */
  void insert(Handle h, Execution e) {
    h.createUpdate(INSERT)
        .bind("id", e.id())
        .bind("org", e.orgId())
        .bind("key", e.apiKeyId())
        .bind("model", e.model())
        .bind("mode", e.mode().name())
        .bind("input", Json.write(e.input()))
        .bind("metadata", Json.write(new TreeMap<>(e.metadata())))
        .bind("webhook", e.webhookUrl())
        .bind("hold", e.hold().micros())
        .bind("estimate", e.estimatedCost().micros())
        .bind("next", e.createdAt())
        .bind("created", e.createdAt())
        .bind("expires", e.expiresAt())
        .execute();
    if (!e.metadata().isEmpty()) {
      var batch =
          h.prepareBatch(
              "INSERT INTO execution_metadata (execution_id, org_id, meta_key, meta_value) VALUES (:exec, :org, :k, :v)");
      e.metadata()
          .forEach(
              (k, v) ->
                  batch
                      .bind("exec", e.id())
                      .bind("org", e.orgId())
                      .bind("k", k)
                      .bind("v", v)
                      .add());
      batch.execute();
    }
  }

  /**
   * Inserts new PENDING executions and their metadata, many rows per statement: what {@link
   * #insert} does for one, for a group of submits sharing one transaction.
   */
  void insertAll(Handle h, List<Execution> all) {
    for (int from = 0; from < all.size(); from += MAX_ROWS_PER_INSERT) {
      Rows.insert(
          h,
          INSERT_COLUMNS,
          INSERT_ROW,
          "",
          all.subList(from, Math.min(all.size(), from + MAX_ROWS_PER_INSERT)),
          e ->
              new Object[] {
                e.id(),
                e.orgId(),
                e.apiKeyId(),
                e.model(),
                e.mode().name(),
                Json.write(e.input()),
                Json.write(new TreeMap<>(e.metadata())),
                e.webhookUrl(),
                e.hold().micros(),
                e.estimatedCost().micros(),
                e.createdAt(),
                e.createdAt(),
                e.expiresAt()
              });
    }
    List<Object[]> metadata = new ArrayList<>();
    for (Execution e : all) {
      e.metadata().forEach((k, v) -> metadata.add(new Object[] {e.id(), e.orgId(), k, v}));
    }
    for (int from = 0; from < metadata.size(); from += MAX_ROWS_PER_INSERT) {
      Rows.insert(
          h,
          INSERT_METADATA,
          "(?, ?, ?, ?)",
          "",
          metadata.subList(from, Math.min(metadata.size(), from + MAX_ROWS_PER_INSERT)),
          row -> row);
    }
  }

  /** The organization's execution, or empty for a missing one or another organization's. */
  Optional<Execution> findById(Handle h, String orgId, String id) {
    return h.createQuery("SELECT * FROM executions WHERE id = :id AND org_id = :org")
        .bind("id", id)
        .bind("org", orgId)
        .map(EXECUTION)
        .findOne();
  }

  /** Any organization's execution; for the engine and operators only. */
  Optional<Execution> findById(Handle h, String id) {
    return h.createQuery("SELECT * FROM executions WHERE id = :id")
        .bind("id", id)
        .map(EXECUTION)
        .findOne();
  }

  /**
   * One page newest first; fetches {@code limit + 1} rows so the caller can tell if more remain.
   */
  List<Execution> list(Handle h, String orgId, ExecutionQuery q, Instant cursorCreatedAt) {
    StringBuilder sql = new StringBuilder("SELECT e.* FROM executions e WHERE e.org_id = :org");
    if (q.status() != null) {
      sql.append(" AND e.status = :status");
    }
    if (q.model() != null) {
      sql.append(" AND e.model = :model");
    }
    if (q.createdAfter() != null) {
      sql.append(" AND e.created_at > :after");
    }
    if (q.createdBefore() != null) {
      sql.append(" AND e.created_at < :before");
    }
    if (cursorCreatedAt != null) {
      sql.append(
          " AND (e.created_at < :cursorAt OR (e.created_at = :cursorAt AND e.id < :cursorId))");
    }
    int i = 0;
    for (String key : q.metadata().keySet()) {
      sql.append(" AND EXISTS (SELECT 1 FROM execution_metadata m")
          .append(i)
          .append(" WHERE m")
          .append(i)
          .append(".execution_id = e.id AND m")
          .append(i)
          .append(".org_id = :org AND m")
          .append(i)
          .append(".meta_key = :mk")
          .append(i)
          .append(" AND m")
          .append(i)
          .append(".meta_value = :mv")
          .append(i)
          .append(")");
      i++;
    }
    sql.append(" ORDER BY e.created_at DESC, e.id DESC LIMIT :limit");
    Query query =
        h.createQuery(sql.toString())
            .bind("org", orgId)
            .bind("status", q.status() == null ? null : q.status().name())
            .bind("model", q.model())
            .bind("after", q.createdAfter())
            .bind("before", q.createdBefore())
            .bind("cursorAt", cursorCreatedAt)
            .bind("cursorId", q.startingAfter())
            .bind("limit", q.limit() + 1);
    i = 0;
    for (Map.Entry<String, String> m : q.metadata().entrySet()) {
      query.bind("mk" + i, m.getKey()).bind("mv" + i, m.getValue());
      i++;
    }
    return query.map(EXECUTION).list();
  }

  /**
   * Claims up to {@code limit} executions that are due and not leased by a live node, leasing them
   * to {@code nodeId} until {@code leaseUntil}. PENDING ones become PROCESSING. Rows other
   * transactions hold are skipped, so several nodes claim disjoint work.
   */
  List<Claimed> claimDue(Handle h, Instant now, int limit, String nodeId, Instant leaseUntil) {
    return claimDue(h, now, limit, nodeId, leaseUntil, c -> null).stream()
        .map(ClaimedWork::claimed)
        .toList();
  }

  /**
   * What is due. Only next_run_at decides: a terminal move clears it, so no status condition is
   * needed, and with none the planner has one index to use, in order, whatever its statistics say
   * (with "status IN (…)" and statistics from a quiet moment, PostgreSQL took the status index and
   * sorted every queued row on each claim: 20–30 ms a claim at 20,000 queued; {@code
   * ClaimPlanTest}).
   */
  private static final String DUE_WHERE =
      " WHERE next_run_at <= :now AND (lease_until IS NULL OR lease_until < :now)";

  /** The claim's locking read where the database applies LIMIT before locking (PostgreSQL). */
  static String dueSelect(Dialect dialect) {
    return "SELECT * FROM executions"
        + DUE_WHERE
        + " ORDER BY next_run_at LIMIT :limit"
        + dialect.lockSkipLocked();
  }

  /**
   * A claimed execution; {@code started} when its attempt was opened in the claim ({@link
   * #claimDue}).
   */
  public record ClaimedWork(Claimed claimed, boolean started) {
    /** The claimed execution. */
    public Execution execution() {
      return claimed.execution();
    }
  }

  /**
   * {@link #claimDue(Handle, Instant, int, String, Instant)}, opening at once the attempt of each
   * claimed execution for which {@code starts} answers one: the claim and the attempt are one
   * update of the row (one row version, not two), and the attempt rows one multi-row insert.
   * Started ones come back with the attempt counted and route and provider noted.
   */
  List<ClaimedWork> claimDue(
      Handle h,
      Instant now,
      int limit,
      String nodeId,
      Instant leaseUntil,
      java.util.function.Function<Claimed, StartAttempt> starts) {
    // one locking read of the due rows (two reads on H2), one update of the rows not started and
    // one batch for the started ones: claiming stays cheap however many executions wait
    String lockDue;
    List<String> candidates = null;
    if (dialect.locksBeforeLimit()) {
      // H2 locks every row a FOR UPDATE query matches before applying LIMIT: pick the ids in index
      // order without locks, then lock those that are still due, skipping rows others hold
      candidates =
          h.createQuery(
                  "SELECT id FROM executions"
                      + dialect.dueIndexHint()
                      + DUE_WHERE
                      + " ORDER BY next_run_at LIMIT :limit")
              .bind("now", now)
              .bind("limit", limit)
              .mapTo(String.class)
              .list();
      if (candidates.isEmpty()) {
        return List.of();
      }
      lockDue =
          "SELECT * FROM executions"
              + DUE_WHERE
              + " AND id IN (<ids>) ORDER BY next_run_at"
              + dialect.lockSkipLocked();
    } else {
      lockDue = dueSelect(dialect);
    }
    Query select = h.createQuery(lockDue).bind("now", now);
    if (candidates != null) {
      select.bindList("ids", candidates);
    } else {
      select.bind("limit", limit);
    }
    List<Claimed> due =
        select
            .map(
                (rs, ctx) -> {
                  Execution e = map(rs, ctx);
                  return new Claimed(
                      e,
                      e.status(),
                      rs.getInt("route_attempts"),
                      instantOrNull(rs.getTimestamp("attempt_started_at")));
                })
            .list();
    List<String> stale =
        due.stream()
            .filter(c -> c.execution().status().isTerminal())
            .map(c -> c.execution().id())
            .toList();
    if (!stale.isEmpty()) {
      // a finished row still marked due (never written so by this version): clear it, claim the
      // rest
      h.createUpdate("UPDATE executions SET next_run_at = NULL WHERE id IN (<ids>)")
          .bindList("ids", stale)
          .execute();
      due = due.stream().filter(c -> !c.execution().status().isTerminal()).toList();
    }
    if (due.isEmpty()) {
      return List.of();
    }
    List<ClaimedWork> out = new ArrayList<>(due.size());
    List<String> plain = new ArrayList<>();
    List<StartAttempt> opened = new ArrayList<>();
    for (Claimed c : due) {
      Claimed view =
          c.previousStatus() != ExecutionStatus.PENDING
              ? c
              : new Claimed(
                  processing(c.execution(), now),
                  c.previousStatus(),
                  c.routeAttempts(),
                  c.attemptStartedAt());
      StartAttempt a = starts.apply(view);
      if (a == null) {
        plain.add(c.execution().id());
        out.add(new ClaimedWork(view, false));
        continue;
      }
      opened.add(a);
      out.add(
          new ClaimedWork(
              new Claimed(attempting(a), c.previousStatus(), a.routeAttempts(), now), true));
    }
    // next_run_at moves to the lease's end: a claimed row leaves the due end of the index (claims
    // do not walk past work in flight), and is due again by itself if this node dies
    String claim =
        "claimed_by = :node, lease_until = :lease, next_run_at = :lease, "
            + "status = CASE WHEN status = 'PENDING' THEN 'PROCESSING' ELSE status END, started_at = COALESCE(started_at, :now)";
    if (!plain.isEmpty()) {
      h.createUpdate("UPDATE executions SET " + claim + " WHERE id IN (<ids>)")
          .bind("node", nodeId)
          .bind("lease", leaseUntil)
          .bind("now", now)
          .bindList("ids", plain)
          .execute();
    }
    if (!opened.isEmpty()) {
      var batch =
          h.prepareBatch(
              "UPDATE executions SET "
                  + claim
                  + ", attempts = attempts + 1, route_index = :route, "
                  + "route_attempts = :routeAttempts, provider = :provider, provider_job_id = NULL, provider_state = NULL, "
                  + "attempt_started_at = :now WHERE id = :id");
      for (StartAttempt a : opened) {
        batch
            .bind("node", nodeId)
            .bind("lease", leaseUntil)
            .bind("now", now)
            .bind("route", a.routeIndex())
            .bind("routeAttempts", a.routeAttempts())
            .bind("provider", a.provider())
            .bind("id", a.execution().id())
            .add();
      }
      batch.execute();
      insertAttempts(h, opened, nodeId, now);
    }
    return out;
  }

  private static Execution processing(Execution e, Instant now) {
    return new Execution(
        e.id(),
        e.orgId(),
        e.apiKeyId(),
        e.model(),
        e.mode(),
        ExecutionStatus.PROCESSING,
        e.input(),
        e.metadata(),
        e.webhookUrl(),
        e.hold(),
        e.estimatedCost(),
        e.cost(),
        e.output(),
        e.error(),
        e.attempts(),
        e.routeIndex(),
        e.provider(),
        e.providerJobId(),
        e.createdAt(),
        e.startedAt() == null ? now : e.startedAt(),
        e.completedAt(),
        e.expiresAt(),
        e.latencyMs());
  }

  /**
   * Claims one active execution if no live node holds it (for a provider callback). Empty when it
   * is terminal or leased.
   */
  Optional<Claimed> claimOne(Handle h, String id, Instant now, String nodeId, Instant leaseUntil) {
    int updated =
        h.createUpdate(
                "UPDATE executions SET claimed_by = :node, lease_until = :lease WHERE id = :id AND status IN "
                    + ExecutionStatus.ACTIVE_SQL
                    + " AND (lease_until IS NULL OR lease_until < :now)")
            .bind("node", nodeId)
            .bind("lease", leaseUntil)
            .bind("id", id)
            .bind("now", now)
            .execute();
    if (updated == 0) {
      return Optional.empty();
    }
    return h.createQuery("SELECT * FROM executions WHERE id = :id")
        .bind("id", id)
        .map(
            (rs, ctx) -> {
              Execution e = map(rs, ctx);
              return new Claimed(
                  e,
                  e.status(),
                  rs.getInt("route_attempts"),
                  instantOrNull(rs.getTimestamp("attempt_started_at")));
            })
        .findOne();
  }

  /** Extends the leases this node holds on {@code ids}. */
  int extendLeases(Handle h, String nodeId, List<String> ids, Instant leaseUntil) {
    if (ids.isEmpty()) {
      return 0;
    }
    return h.createUpdate(
            "UPDATE executions SET lease_until = :lease, next_run_at = :lease WHERE claimed_by = :node AND id IN (<ids>)")
        .bind("lease", leaseUntil)
        .bind("node", nodeId)
        .bindList("ids", ids)
        .execute();
  }

  /** An attempt to open on a claimed execution ({@link #startAttempts}). */
  record StartAttempt(
      Execution execution,
      int routeIndex,
      int routeAttempts,
      String provider,
      String providerModel) {}

  /**
   * Opens an attempt on each claimed execution in two statements for all of them (a batch of
   * conditional updates that count the attempt and note route and provider, one multi-row insert
   * into the attempt trail). Returns, in order, each execution as it is now, or null where this
   * node no longer holds it.
   */
  List<Execution> startAttempts(Handle h, List<StartAttempt> starts, String nodeId, Instant now) {
    List<Execution> out = new ArrayList<>(starts.size());
    if (starts.isEmpty()) {
      return out;
    }
    var batch =
        h.prepareBatch(
            "UPDATE executions SET attempts = attempts + 1, route_index = :route, route_attempts = :routeAttempts, "
                + "provider = :provider, provider_job_id = NULL, provider_state = NULL, attempt_started_at = :now "
                + "WHERE id = :id AND claimed_by = :node AND status IN "
                + ExecutionStatus.ACTIVE_SQL);
    for (StartAttempt a : starts) {
      batch
          .bind("route", a.routeIndex())
          .bind("routeAttempts", a.routeAttempts())
          .bind("provider", a.provider())
          .bind("now", now)
          .bind("id", a.execution().id())
          .bind("node", nodeId)
          .add();
    }
    int[] counts = batch.execute();
    List<StartAttempt> opened = new ArrayList<>(starts.size());
    for (int i = 0; i < starts.size(); i++) {
      StartAttempt a = starts.get(i);
      if (counts[i] != 1) {
        out.add(null);
        continue;
      }
      out.add(attempting(a));
      opened.add(a);
    }
    insertAttempts(h, opened, nodeId, now);
    return out;
  }

  /**
   * The execution once attempt {@code a} is opened: counted, on its route and provider, no job yet.
   */
  private static Execution attempting(StartAttempt a) {
    Execution e = a.execution();
    return new Execution(
        e.id(),
        e.orgId(),
        e.apiKeyId(),
        e.model(),
        e.mode(),
        e.status(),
        e.input(),
        e.metadata(),
        e.webhookUrl(),
        e.hold(),
        e.estimatedCost(),
        e.cost(),
        e.output(),
        e.error(),
        e.attempts() + 1,
        a.routeIndex(),
        a.provider(),
        null,
        e.createdAt(),
        e.startedAt(),
        e.completedAt(),
        e.expiresAt(),
        e.latencyMs());
  }

  /**
   * The attempt-trail rows of attempts being opened (numbered after each execution's attempts so
   * far).
   */
  private static void insertAttempts(
      Handle h, List<StartAttempt> opened, String nodeId, Instant now) {
    for (int from = 0; from < opened.size(); from += 1000) {
      Rows.insert(
          h,
          "INSERT INTO execution_attempts (execution_id, attempt, provider, provider_model, node_id, started_at) "
              + "VALUES ",
          "(?, ?, ?, ?, ?, ?)",
          "",
          opened.subList(from, Math.min(opened.size(), from + 1000)),
          a ->
              new Object[] {
                a.execution().id(),
                a.execution().attempts() + 1,
                a.provider(),
                a.providerModel(),
                nodeId,
                now
              });
    }
  }

  /**
   * Parks a claimed execution until {@code nextRunAt}: the provider has the job ({@code jobId}
   * non-null) or a retry is scheduled ({@code jobId} null). Releases this node's lease.
   */
  boolean park(
      Handle h, String id, String nodeId, ExecutionStatus status, String jobId, Instant nextRunAt) {
    if (status.isTerminal() || status == ExecutionStatus.PENDING) {
      throw new IllegalArgumentException("cannot park in " + status);
    }
    return h.createUpdate(
                "UPDATE executions SET status = :status, provider_job_id = :job, next_run_at = :next, "
                    + "claimed_by = NULL, lease_until = NULL "
                    + "WHERE id = :id AND claimed_by = :node AND status IN "
                    + ExecutionStatus.sourcesSql(status))
            .bind("status", status.name())
            .bind("job", jobId)
            .bind("next", nextRunAt)
            .bind("id", id)
            .bind("node", nodeId)
            .execute()
        == 1;
  }

  /** Points an execution at another route (failover), resetting the per-route attempt count. */
  boolean moveToRoute(Handle h, String id, String nodeId, int routeIndex) {
    return h.createUpdate(
                "UPDATE executions SET route_index = :route, route_attempts = 0, provider_job_id = NULL "
                    + "WHERE id = :id AND claimed_by = :node AND status IN "
                    + ExecutionStatus.ACTIVE_SQL)
            .bind("route", routeIndex)
            .bind("id", id)
            .bind("node", nodeId)
            .execute()
        == 1;
  }

  /**
   * Gives up this node's leases (graceful shutdown, restart): the work is due at once, for any
   * node.
   */
  int releaseLeases(Handle h, String nodeId, Instant now) {
    return h.createUpdate(
            "UPDATE executions SET claimed_by = NULL, lease_until = NULL, "
                + "next_run_at = LEAST(next_run_at, :now) WHERE claimed_by = :node")
        .bind("node", nodeId)
        .bind("now", now)
        .execute();
  }

  /**
   * Moves an active execution to a terminal state. Returns false when it was already terminal
   * (someone else finished, cancelled or expired it first): the caller must then do nothing.
   */
  boolean finish(
      Handle h,
      Execution e,
      ExecutionStatus target,
      Money cost,
      ObjectNode output,
      ExecutionError error,
      Instant now) {
    return finishAll(h, List.of(new Finish(e, target, cost, output, error)), now)[0];
  }

  /** One terminal move of a batch ({@link #finishAll}). */
  record Finish(
      Execution execution,
      ExecutionStatus target,
      Money cost,
      ObjectNode output,
      ExecutionError error) {}

  /**
   * Moves each execution to its terminal state if it is still in one of the states that may move
   * there (one JDBC batch of conditional updates, in order); true where it moved.
   */
  boolean[] finishAll(Handle h, List<Finish> moves, Instant now) {
    boolean[] moved = new boolean[moves.size()];
    if (moves.isEmpty()) {
      return moved;
    }
    // the sources differ by target: one batch per target keeps every row's SQL the same
    Map<ExecutionStatus, List<Integer>> byTarget = new java.util.EnumMap<>(ExecutionStatus.class);
    for (int i = 0; i < moves.size(); i++) {
      if (!moves.get(i).target().isTerminal()) {
        throw new IllegalArgumentException("not a terminal state: " + moves.get(i).target());
      }
      byTarget.computeIfAbsent(moves.get(i).target(), t -> new ArrayList<>()).add(i);
    }
    for (var group : byTarget.entrySet()) {
      var b =
          h.prepareBatch(
              "UPDATE executions SET status = :status, cost_micros = :cost, output_json = :output, "
                  + "error_code = :errorCode, error_message = :errorMessage, completed_at = :now, "
                  + "latency_ms = :latencyBase, next_run_at = NULL, claimed_by = NULL, lease_until = NULL "
                  + "WHERE id = :id AND status IN "
                  + ExecutionStatus.sourcesSql(group.getKey()));
      for (int i : group.getValue()) {
        Finish f = moves.get(i);
        b.bind("status", f.target().name())
            .bind("cost", f.cost() == null ? null : f.cost().micros())
            .bind("output", f.output() == null ? null : Json.write(f.output()))
            .bind("errorCode", f.error() == null ? null : f.error().code().name())
            .bind("errorMessage", f.error() == null ? null : f.error().message())
            .bind("now", now)
            .bind(
                "latencyBase",
                Math.max(0, now.toEpochMilli() - f.execution().createdAt().toEpochMilli()))
            .bind("id", f.execution().id())
            .add();
      }
      int[] counts = b.execute();
      for (int k = 0; k < counts.length; k++) {
        moved[group.getValue().get(k)] = counts[k] == 1;
      }
    }
    return moved;
  }

  /** The executions with these ids (any organization), by id. */
  Map<String, Execution> findByIds(Handle h, java.util.Collection<String> ids) {
    Map<String, Execution> out = new java.util.HashMap<>();
    if (!ids.isEmpty()) {
      h.createQuery("SELECT * FROM executions WHERE id IN (<ids>)")
          .bindList("ids", List.copyOf(ids))
          .map(EXECUTION)
          .forEach(e -> out.put(e.id(), e));
    }
    return out;
  }

  /** Those of {@code ids} that are in a terminal state. */
  List<Execution> findTerminal(Handle h, List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return h.createQuery(
            "SELECT * FROM executions WHERE id IN (<ids>) AND status NOT IN "
                + ExecutionStatus.ACTIVE_SQL)
        .bindList("ids", ids)
        .map(EXECUTION)
        .list();
  }

  /** The outbox events of one execution after {@code afterSeq}, in order. */
  List<StoredEvent> eventsAfter(Handle h, String orgId, String executionId, long afterSeq) {
    return h.createQuery(
            "SELECT seq, id, event_type, payload_json FROM execution_events "
                + "WHERE execution_id = :exec AND org_id = :org AND seq > :after ORDER BY seq")
        .bind("exec", executionId)
        .bind("org", orgId)
        .bind("after", afterSeq)
        .map(
            (rs, ctx) ->
                new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
        .list();
  }

  /** An outbox row: order, id, type ({@code execution.completed}) and the exact payload JSON. */
  public record StoredEvent(long seq, String id, String type, String payloadJson) {}

  /**
   * The active executions counted by model and status (the status index answers it), by model then
   * status.
   */
  List<QueueDepth.Count> countActive(Handle h) {
    return h.createQuery(
            "SELECT model, status, COUNT(*) AS n FROM executions WHERE status IN "
                + ExecutionStatus.ACTIVE_SQL
                + " GROUP BY model, status ORDER BY model, status")
        .map(
            (rs, ctx) ->
                new QueueDepth.Count(
                    rs.getString("model"),
                    ExecutionStatus.valueOf(rs.getString("status")),
                    rs.getLong("n")))
        .list();
  }

  /** The executions a claim at {@code now} would find: due, and no live lease on them. */
  long countDue(Handle h, Instant now) {
    return h.createQuery("SELECT COUNT(*) FROM executions" + DUE_WHERE)
        .bind("now", now)
        .mapTo(Long.class)
        .one();
  }

  /** Active executions whose {@code expires_at} has passed, oldest first. */
  List<String> findExpired(Handle h, Instant now, int limit) {
    return h.createQuery(
            "SELECT id FROM executions WHERE status IN "
                + ExecutionStatus.ACTIVE_SQL
                + " AND expires_at < :now ORDER BY expires_at LIMIT :limit")
        .bind("now", now)
        .bind("limit", limit)
        .mapTo(String.class)
        .list();
  }

  /** Closes the latest open attempt of an execution with its outcome. */
  void endAttempt(
      Handle h,
      String executionId,
      String outcome,
      String jobId,
      ErrorCode errorCode,
      String errorMessage,
      Instant now) {
    endAttempts(
        h, List.of(new EndAttempt(executionId, outcome, jobId, errorCode, errorMessage, now)));
  }

  /** How an execution's open attempt ended ({@link #endAttempts}). */
  record EndAttempt(
      String executionId,
      String outcome,
      String jobId,
      ErrorCode errorCode,
      String errorMessage,
      Instant endedAt) {}

  /** Closes each execution's open attempt row (one JDBC batch). */
  void endAttempts(Handle h, List<EndAttempt> ends) {
    if (ends.isEmpty()) {
      return;
    }
    var batch =
        h.prepareBatch(
            "UPDATE execution_attempts SET ended_at = :now, outcome = :outcome, "
                + "provider_job_id = COALESCE(:job, provider_job_id), error_code = :code, error_message = :message "
                + "WHERE id = (SELECT MAX(id) FROM execution_attempts WHERE execution_id = :exec) AND ended_at IS NULL");
    for (EndAttempt e : ends) {
      batch
          .bind("now", e.endedAt())
          .bind("outcome", e.outcome())
          .bind("job", e.jobId())
          .bind("code", e.errorCode() == null ? null : e.errorCode().name())
          .bind("message", e.errorMessage() == null ? null : truncate(e.errorMessage()))
          .bind("exec", e.executionId())
          .add();
    }
    batch.execute();
  }

  /** Notes the provider's job id on the open attempt. */
  void noteAttemptJob(Handle h, String executionId, String jobId) {
    h.createUpdate(
            "UPDATE execution_attempts SET provider_job_id = :job "
                + "WHERE id = (SELECT MAX(id) FROM execution_attempts WHERE execution_id = :exec)")
        .bind("job", jobId)
        .bind("exec", executionId)
        .execute();
  }

  /** The attempt trail of an execution, oldest first, for operators. */
  public List<Map<String, Object>> attempts(Handle h, String executionId) {
    return h.createQuery(
            "SELECT attempt, provider, provider_model, provider_job_id, node_id, started_at, ended_at, outcome, "
                + "error_code, error_message FROM execution_attempts WHERE execution_id = :exec ORDER BY id")
        .bind("exec", executionId)
        .map(
            (rs, ctx) -> {
              Map<String, Object> m = new LinkedHashMap<>();
              for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                Object v = rs.getObject(c);
                if (v instanceof Timestamp t) {
                  v = t.toInstant();
                } else if (v instanceof java.time.OffsetDateTime o) {
                  v = o.toInstant();
                }
                m.put(rs.getMetaData().getColumnLabel(c).toLowerCase(java.util.Locale.ROOT), v);
              }
              return m;
            })
        .list();
  }

  private static String truncate(String s) {
    return s.length() <= 1000 ? s : s.substring(0, 1000);
  }

  private static Execution map(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws SQLException {
    String errorCode = rs.getString("error_code");
    String outputJson = rs.getString("output_json");
    long costMicros = rs.getLong("cost_micros");
    boolean costNull = rs.wasNull();
    long latency = rs.getLong("latency_ms");
    boolean latencyNull = rs.wasNull();
    return new Execution(
        rs.getString("id"),
        rs.getString("org_id"),
        rs.getString("api_key_id"),
        rs.getString("model"),
        ExecutionMode.valueOf(rs.getString("mode")),
        ExecutionStatus.valueOf(rs.getString("status")),
        Json.readObject(rs.getString("input_json")),
        metadata(rs.getString("metadata_json")),
        rs.getString("webhook_url"),
        Money.ofMicros(rs.getLong("hold_micros")),
        Money.ofMicros(rs.getLong("estimate_micros")),
        costNull ? null : Money.ofMicros(costMicros),
        outputJson == null ? null : Json.readObject(outputJson),
        errorCode == null
            ? null
            : new ExecutionError(ErrorCode.valueOf(errorCode), rs.getString("error_message")),
        rs.getInt("attempts"),
        rs.getInt("route_index"),
        rs.getString("provider"),
        rs.getString("provider_job_id"),
        instantOrNull(rs.getTimestamp("created_at")),
        instantOrNull(rs.getTimestamp("started_at")),
        instantOrNull(rs.getTimestamp("completed_at")),
        instantOrNull(rs.getTimestamp("expires_at")),
        latencyNull ? null : latency);
  }

  private static Map<String, String> metadata(String json) {
    if (json == null) {
      return Map.of();
    }
    Map<String, String> m = new LinkedHashMap<>();
    JsonNode node = Json.readTree(json);
    node.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  private static Instant instantOrNull(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
