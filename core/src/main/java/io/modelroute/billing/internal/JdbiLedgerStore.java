package io.modelroute.billing.internal;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import io.modelroute.Money;
import io.modelroute.billing.Balance;
import io.modelroute.billing.EntryType;
import io.modelroute.billing.LedgerEntry;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.Rows;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Internal: not API, may change without notice. Balances, holds and ledger entries, for {@link
 * io.modelroute.billing.BillingService} and the execution engine's transactions. Every method runs
 * on the caller's {@link Handle} so that the caller's transaction covers it together with the
 * execution it belongs to. Balance rows are changed by conditional single-statement updates, so no
 * lock is held beyond the transaction. Stateless; thread-safe.
 */
public final class JdbiLedgerStore {
  private static final String INSERT_ENTRY =
      "INSERT INTO ledger_entries (org_id, entry_type, amount_micros, execution_id, description, created_at) "
          + "VALUES (:org, :type, :amount, :exec, :description, :now)";
  private static final String RESERVE =
      "UPDATE balances SET held_micros = held_micros + :amount "
          + "WHERE org_id = :org AND balance_micros - held_micros >= :amount";
  private static final String SETTLE_HOLD =
      "UPDATE holds SET status = :status, captured_micros = :captured, settled_at = :now "
          + "WHERE execution_id = :exec AND status = 'ACTIVE'";
  private static final String APPLY_SETTLEMENT =
      "UPDATE balances SET balance_micros = balance_micros - :captured, held_micros = held_micros - :hold "
          + "WHERE org_id = :org";
  private static final String INSERT_HOLDS =
      "INSERT INTO holds (execution_id, org_id, amount_micros, status, created_at) VALUES ";
  private static final String INSERT_ENTRIES =
      "INSERT INTO ledger_entries (org_id, entry_type, amount_micros, execution_id, description, created_at) VALUES ";

  /** Rows per multi-row insert: well below PostgreSQL's bind-parameter limit. */
  private static final int MAX_ROWS_PER_INSERT = 1000;

  /** One hold of a batch ({@link #insertHolds}): the execution's reservation and its HOLD entry. */
  public record NewHold(String executionId, String orgId, Money amount, Instant createdAt) {}

  private static final RowMapper<LedgerEntry> ENTRY =
      (rs, ctx) ->
          new LedgerEntry(
              rs.getLong("id"),
              rs.getString("org_id"),
              EntryType.valueOf(rs.getString("entry_type")),
              Money.ofMicros(rs.getLong("amount_micros")),
              rs.getString("execution_id"),
              rs.getString("description"),
              rs.getTimestamp("created_at").toInstant());

  private final Dialect dialect;

  /** A store that reserves a batch's totals by a portable JDBC batch of updates. */
  public JdbiLedgerStore() {
    this(null);
  }

  /**
   * A store that uses {@code dialect}'s fastest form where there is one (PostgreSQL: one
   * statement).
   */
  public JdbiLedgerStore(Dialect dialect) {
    this.dialect = dialect;
  }

  /** Creates the zero balance row of a new organization. */
  public void createAccount(Handle h, String orgId) {
    h.createUpdate("INSERT INTO balances (org_id, balance_micros, held_micros) VALUES (:org, 0, 0)")
        .bind("org", orgId)
        .execute();
  }

  /**
   * Adds money (CREDIT) or corrects it (ADJUSTMENT, signed). A debit below the held amount fails.
   */
  public void addFunds(
      Handle h, String orgId, EntryType type, Money amount, String description, Instant now) {
    if (type != EntryType.CREDIT && type != EntryType.ADJUSTMENT) {
      throw new IllegalArgumentException("funds are added by CREDIT or ADJUSTMENT, not " + type);
    }
    int updated =
        h.createUpdate(
                "UPDATE balances SET balance_micros = balance_micros + :amount "
                    + "WHERE org_id = :org AND balance_micros + :amount - held_micros >= 0")
            .bind("org", orgId)
            .bind("amount", amount.micros())
            .execute();
    if (updated == 0) {
      if (balance(h, orgId).isEmpty()) {
        throw ModelRouteException.notFound("Organization");
      }
      throw new ModelRouteException(
          ErrorCode.INSUFFICIENT_BALANCE,
          "The adjustment would make the available balance negative");
    }
    insertEntry(h, orgId, type, amount, null, description, now);
  }

  /**
   * Reserves {@code amount} for an execution: one conditional update of the balance row (done last,
   * to hold its lock briefly), so concurrent holds can never take the available balance below zero.
   *
   * @throws ModelRouteException {@code INSUFFICIENT_BALANCE} when the available balance is short
   */
  public void placeHold(Handle h, String orgId, String executionId, Money amount, Instant now) {
    h.createUpdate(
            "INSERT INTO holds (execution_id, org_id, amount_micros, status, created_at) "
                + "VALUES (:exec, :org, :amount, 'ACTIVE', :now)")
        .bind("exec", executionId)
        .bind("org", orgId)
        .bind("amount", amount.micros())
        .bind("now", now)
        .execute();
    insertEntry(h, orgId, EntryType.HOLD, amount, executionId, null, now);
    // the organization's balance row is every submit's one shared row: touch it last, so its lock
    // is held only for the commit
    int updated =
        h.createUpdate(RESERVE).bind("org", orgId).bind("amount", amount.micros()).execute();
    if (updated == 0) {
      throw new ModelRouteException(
          ErrorCode.INSUFFICIENT_BALANCE,
          "Available balance is less than the hold of " + amount + " USD this execution needs");
    }
  }

  /**
   * Reserves each organization's total in one conditional update per organization (one JDBC batch),
   * so a group of holds can never take an available balance below zero. Returns the organizations
   * whose available balance was less than their total; nothing was reserved for them. Pass the
   * totals sorted (as a {@link SortedMap} is) so concurrent callers lock balance rows in one order.
   */
  public Set<String> reserveAll(Handle h, SortedMap<String, Money> totals) {
    if (totals.isEmpty()) {
      return Set.of();
    }
    if (dialect == Dialect.POSTGRESQL) {
      return reserveInOneStatement(h, totals);
    }
    PreparedBatch batch = h.prepareBatch(RESERVE);
    List<String> orgs = new ArrayList<>(totals.keySet());
    for (Map.Entry<String, Money> t : totals.entrySet()) {
      batch.bind("org", t.getKey()).bind("amount", t.getValue().micros()).add();
    }
    int[] counts = batch.execute();
    Set<String> insufficient = new HashSet<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        insufficient.add(orgs.get(i));
      }
    }
    return insufficient;
  }

  /** PostgreSQL: every organization's reservation in one {@code UPDATE … FROM (VALUES …)}. */
  private static Set<String> reserveInOneStatement(Handle h, SortedMap<String, Money> totals) {
    Set<String> reserved =
        Rows.run(
            h,
            "UPDATE balances b SET held_micros = b.held_micros + v.amount FROM (VALUES "
                + Rows.values("(?, CAST(? AS BIGINT))", totals.size())
                + ") AS v (org_id, amount) "
                + "WHERE b.org_id = v.org_id AND b.balance_micros - b.held_micros >= v.amount RETURNING b.org_id",
            List.copyOf(totals.entrySet()),
            t -> new Object[] {t.getKey(), t.getValue().micros()},
            ps -> {
              Set<String> orgs = new HashSet<>();
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  orgs.add(rs.getString(1));
                }
              }
              return orgs;
            });
    Set<String> insufficient = new HashSet<>(totals.keySet());
    insufficient.removeAll(reserved);
    return insufficient;
  }

  /**
   * Inserts the holds and their HOLD ledger entries, many rows per statement. The amounts must have
   * been reserved ({@link #reserveAll}) in the same transaction.
   */
  public void insertHolds(Handle h, List<NewHold> holds) {
    for (int from = 0; from < holds.size(); from += MAX_ROWS_PER_INSERT) {
      List<NewHold> chunk = holds.subList(from, Math.min(holds.size(), from + MAX_ROWS_PER_INSERT));
      Rows.insert(
          h,
          INSERT_HOLDS,
          "(?, ?, ?, 'ACTIVE', ?)",
          "",
          chunk,
          hold ->
              new Object[] {
                hold.executionId(), hold.orgId(), hold.amount().micros(), hold.createdAt()
              });
      Rows.insert(
          h,
          INSERT_ENTRIES,
          "(?, 'HOLD', ?, ?, NULL, ?)",
          "",
          chunk,
          hold ->
              new Object[] {
                hold.orgId(), hold.amount().micros(), hold.executionId(), hold.createdAt()
              });
    }
  }

  /**
   * Settles an execution's hold exactly once: captures {@code capture} (capped at the hold) and
   * releases the rest. Returns the amount captured, or empty when the hold was already settled.
   * Call it last in the transaction: it updates the organization's shared balance row.
   */
  public Optional<Money> settle(Handle h, String executionId, Money capture, Instant now) {
    return settleAll(h, List.of(new Settle(executionId, capture)), now).get(0);
  }

  /**
   * One hold to settle in a batch ({@link #settleAll}): capture {@code capture} of it, release the
   * rest.
   */
  public record Settle(String executionId, Money capture) {}

  /**
   * {@link #settle} for many executions in a few statements: one read of their active holds, one
   * batch of conditional hold updates, one multi-row insert of the CAPTURE and RELEASE entries, and
   * one update per organization of its balance row, in organization order and last, so the shared
   * row's lock is held only for the commit and concurrent batches lock rows in one order. Returns,
   * in order, each amount captured, or empty when that hold was already settled (or is twice in
   * {@code settles}: the first wins).
   */
  public List<Optional<Money>> settleAll(Handle h, List<Settle> settles, Instant now) {
    record ActiveHold(String orgId, long micros) {}
    record Entry(String orgId, EntryType type, long micros, String executionId) {}
    List<Optional<Money>> out = new ArrayList<>(settles.size());
    if (settles.isEmpty()) {
      return out;
    }
    Map<String, ActiveHold> holds = new java.util.HashMap<>();
    h.createQuery(
            "SELECT execution_id, org_id, amount_micros FROM holds WHERE execution_id IN (<ids>) AND status = 'ACTIVE'")
        .bindList("ids", settles.stream().map(Settle::executionId).distinct().toList())
        .map(
            (rs, ctx) -> Map.entry(rs.getString(1), new ActiveHold(rs.getString(2), rs.getLong(3))))
        .forEach(e -> holds.put(e.getKey(), e.getValue()));
    List<Settle> toUpdate = new ArrayList<>();
    List<Long> captures = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Settle s : settles) {
      ActiveHold hold = holds.get(s.executionId());
      if (hold != null && seen.add(s.executionId())) {
        toUpdate.add(s);
        captures.add(Math.max(0, Math.min(s.capture().micros(), hold.micros())));
      }
    }
    int[] counts = new int[0];
    if (!toUpdate.isEmpty()) {
      PreparedBatch batch = h.prepareBatch(SETTLE_HOLD);
      for (int i = 0; i < toUpdate.size(); i++) {
        batch
            .bind("status", captures.get(i) > 0 ? "CAPTURED" : "RELEASED")
            .bind("captured", captures.get(i))
            .bind("now", now)
            .bind("exec", toUpdate.get(i).executionId())
            .add();
      }
      counts = batch.execute();
    }
    Map<String, Long> captured = new java.util.HashMap<>();
    List<Entry> entries = new ArrayList<>();
    java.util.TreeMap<String, long[]> byOrg = new java.util.TreeMap<>(); // org -> {captured, held}
    for (int i = 0; i < toUpdate.size(); i++) {
      if (counts[i] == 0) {
        continue;
      }
      String exec = toUpdate.get(i).executionId();
      ActiveHold hold = holds.get(exec);
      long c = captures.get(i);
      captured.put(exec, c);
      if (c > 0) {
        entries.add(new Entry(hold.orgId(), EntryType.CAPTURE, c, exec));
      }
      if (hold.micros() - c > 0) {
        entries.add(new Entry(hold.orgId(), EntryType.RELEASE, hold.micros() - c, exec));
      }
      long[] sums = byOrg.computeIfAbsent(hold.orgId(), o -> new long[2]);
      sums[0] += c;
      sums[1] += hold.micros();
    }
    for (int from = 0; from < entries.size(); from += MAX_ROWS_PER_INSERT) {
      Rows.insert(
          h,
          INSERT_ENTRIES,
          "(?, ?, ?, ?, NULL, ?)",
          "",
          entries.subList(from, Math.min(entries.size(), from + MAX_ROWS_PER_INSERT)),
          e -> new Object[] {e.orgId(), e.type().name(), e.micros(), e.executionId(), now});
    }
    if (!byOrg.isEmpty()) {
      PreparedBatch batch = h.prepareBatch(APPLY_SETTLEMENT);
      byOrg.forEach(
          (org, sums) ->
              batch.bind("captured", sums[0]).bind("hold", sums[1]).bind("org", org).add());
      batch.execute();
    }
    Set<String> answered = new HashSet<>();
    for (Settle s : settles) {
      Long c = captured.get(s.executionId());
      out.add(
          c != null && answered.add(s.executionId())
              ? Optional.of(Money.ofMicros(c))
              : Optional.empty());
    }
    return out;
  }

  public Optional<Balance> balance(Handle h, String orgId) {
    return h.createQuery("SELECT balance_micros, held_micros FROM balances WHERE org_id = :org")
        .bind("org", orgId)
        .map((rs, ctx) -> new Balance(Money.ofMicros(rs.getLong(1)), Money.ofMicros(rs.getLong(2))))
        .findOne();
  }

  /** Entries newest first, after the entry {@code startingAfter} (an id) when given. */
  public List<LedgerEntry> entries(Handle h, String orgId, Long startingAfter, int limit) {
    return h.createQuery(
            "SELECT * FROM ledger_entries WHERE org_id = :org "
                + (startingAfter == null ? "" : "AND id < :after ")
                + "ORDER BY id DESC LIMIT :limit")
        .bind("org", orgId)
        .bind("after", startingAfter)
        .bind("limit", limit)
        .map(ENTRY)
        .list();
  }

  /**
   * The organizations for which the ledger invariant of docs/concepts.md does not hold: balance = Σ
   * credits + Σ adjustments − Σ captures; held = Σ holds − Σ captures − Σ releases = Σ active
   * holds; and every settled hold's capture + release equals its amount. Empty when all is well.
   */
  public List<String> invariantViolations(Handle h) {
    return h.createQuery(
            "SELECT b.org_id FROM balances b "
                + "LEFT JOIN (SELECT org_id, "
                + "  SUM(CASE WHEN entry_type IN ('CREDIT','ADJUSTMENT') THEN amount_micros "
                + "           WHEN entry_type = 'CAPTURE' THEN -amount_micros ELSE 0 END) AS bal, "
                + "  SUM(CASE WHEN entry_type = 'HOLD' THEN amount_micros "
                + "           WHEN entry_type IN ('CAPTURE','RELEASE') THEN -amount_micros ELSE 0 END) AS held "
                + "  FROM ledger_entries GROUP BY org_id) l ON l.org_id = b.org_id "
                + "LEFT JOIN (SELECT org_id, SUM(amount_micros) AS active FROM holds "
                + "  WHERE status = 'ACTIVE' GROUP BY org_id) a ON a.org_id = b.org_id "
                + "WHERE b.balance_micros <> COALESCE(l.bal, 0) "
                + "   OR b.held_micros <> COALESCE(l.held, 0) "
                + "   OR b.held_micros <> COALESCE(a.active, 0) "
                + "UNION "
                + "SELECT hd.org_id FROM holds hd "
                + "LEFT JOIN ledger_entries c ON c.execution_id = hd.execution_id AND c.entry_type = 'CAPTURE' "
                + "LEFT JOIN ledger_entries r ON r.execution_id = hd.execution_id AND r.entry_type = 'RELEASE' "
                + "WHERE hd.status <> 'ACTIVE' "
                + "  AND COALESCE(c.amount_micros, 0) + COALESCE(r.amount_micros, 0) <> hd.amount_micros")
        .mapTo(String.class)
        .list();
  }

  private static void insertEntry(
      Handle h,
      String orgId,
      EntryType type,
      Money amount,
      String executionId,
      String description,
      Instant now) {
    h.createUpdate(INSERT_ENTRY)
        .bind("org", orgId)
        .bind("type", type.name())
        .bind("amount", amount.micros())
        .bind("exec", executionId)
        .bind("description", description)
        .bind("now", now)
        .execute();
  }
}
