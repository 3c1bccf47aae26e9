package io.modelroute.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.ModelRouteException;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.billing.internal.JdbiLedgerStore;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.TestDatabases;
import io.modelroute.execution.SubmitBatcher.Submit;
import io.modelroute.execution.SubmitBatcher.Verdict;
import io.modelroute.idempotency.RequestFingerprint;
import io.modelroute.idempotency.internal.JdbiIdempotencyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Group commit of submits ({@link SubmitBatcher}) on real H2 and PostgreSQL. Most tests drive one
 * batch by hand: a batcher without committer threads, submits queued with {@code enqueue} and
 * written by {@code runOnce}, so what shares a transaction is exact; the racing tests go through
 * {@link ExecutionService#create} and its committer thread.
 */
class GroupCommitTest {

  private static CreateExecution image(String prompt) {
    return CreateExecution.of("test-image", Json.readObject("{\"prompt\":\"" + prompt + "\"}"));
  }

  /** A batcher on the engine's database that commits only when the test calls {@code runOnce}. */
  private static SubmitBatcher handDriven(TestEngine t) {
    Dialect dialect = t.modelRoute.database().dialect();
    return new SubmitBatcher(
        t.modelRoute.database().jdbi(),
        new JdbiExecutionStore(dialect),
        new JdbiLedgerStore(dialect),
        new JdbiIdempotencyStore(dialect),
        t.clock,
        new GroupCommitSettings(64, 1, 1000));
  }

  private static Submit prepare(TestEngine t, Principal p, CreateExecution request, String key) {
    String fp =
        key == null
            ? null
            : RequestFingerprint.of("POST", "/v1/executions", Json.mapper().valueToTree(request));
    return t.modelRoute.executions().prepare(p, request, key, fp);
  }

  private static long count(TestEngine t, String sql, String orgId) {
    return t.modelRoute
        .database()
        .jdbi()
        .withHandle(h -> h.createQuery(sql).bind("org", orgId).mapTo(Long.class).one());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void identicalSubmitsInOneBatchCreateOneExecutionAndOneHoldAndTheOthersReplayIt(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("10.00");
      SubmitBatcher batcher = handDriven(t);
      List<Submit> submits = new ArrayList<>();
      List<CompletableFuture<Verdict>> verdicts = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Submit s = prepare(t, p, image("same"), "twin-key");
        submits.add(s);
        verdicts.add(batcher.enqueue(s));
      }
      assertThat(batcher.runOnce()).isEqualTo(5);
      assertThat(verdicts)
          .extracting(CompletableFuture::join)
          .containsExactly(
              Verdict.COMMITTED,
              Verdict.KEY_TAKEN,
              Verdict.KEY_TAKEN,
              Verdict.KEY_TAKEN,
              Verdict.KEY_TAKEN);

      List<CreateOutcome> outcomes = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        outcomes.add(batcher.settle(submits.get(i), verdicts.get(i).join()));
      }
      assertThat(outcomes)
          .extracting(CreateOutcome::replayed)
          .containsExactly(false, true, true, true, true);
      assertThat(outcomes)
          .extracting(CreateOutcome::executionId)
          .containsOnly(submits.get(0).execution().id());
      assertThat(outcomes).extracting(CreateOutcome::body).containsOnly(submits.get(0).body());
      assertThat(count(t, "SELECT COUNT(*) FROM executions WHERE org_id = :org", p.orgId()))
          .isEqualTo(1);
      assertThat(count(t, "SELECT COUNT(*) FROM holds WHERE org_id = :org", p.orgId()))
          .isEqualTo(1);
      assertThat(t.modelRoute.billing().balance(p.orgId()).held()).isEqualTo(Money.parse("0.048"));
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void manyConcurrentIdenticalRequestsCreateExactlyOneExecutionHoldAndLedgerEntry(Dialect dialect)
      throws Exception {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("10.00");
      Set<String> ids = new HashSet<>();
      int created = 0;
      for (CreateOutcome o : ConcurrentCreates.race(t, p, image("same"), "race-key", 32)) {
        ids.add(o.executionId());
        created += o.replayed() ? 0 : 1;
      }
      assertThat(ids).hasSize(1);
      assertThat(created).isEqualTo(1);
      assertThat(count(t, "SELECT COUNT(*) FROM executions WHERE org_id = :org", p.orgId()))
          .isEqualTo(1);
      assertThat(count(t, "SELECT COUNT(*) FROM holds WHERE org_id = :org", p.orgId()))
          .isEqualTo(1);
      assertThat(
              count(
                  t,
                  "SELECT COUNT(*) FROM ledger_entries WHERE org_id = :org AND entry_type = 'HOLD'",
                  p.orgId()))
          .isEqualTo(1);
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anOrganizationWhoseBatchTotalDoesNotFitIsSettledOneByOneWhileTheOthersCommitTogether(
      Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal poor = t.organization("0.480"); // exactly 10 holds of 0.048
      Principal rich = t.organization("10.00");
      SubmitBatcher batcher = handDriven(t);
      List<Submit> poorSubmits = new ArrayList<>();
      List<CompletableFuture<Verdict>> poorVerdicts = new ArrayList<>();
      List<CompletableFuture<Verdict>> richVerdicts = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        Submit s = prepare(t, poor, image("poor " + i), "poor-" + i);
        poorSubmits.add(s);
        poorVerdicts.add(batcher.enqueue(s));
        richVerdicts.add(batcher.enqueue(prepare(t, rich, image("rich " + i), "rich-" + i)));
      }
      batcher.runOnce();
      assertThat(richVerdicts).extracting(CompletableFuture::join).containsOnly(Verdict.COMMITTED);
      assertThat(poorVerdicts).extracting(CompletableFuture::join).containsOnly(Verdict.ALONE);
      // the batch kept none of the poor organization's rows, not even its keys
      assertThat(
              count(t, "SELECT COUNT(*) FROM idempotency_keys WHERE org_id = :org", poor.orgId()))
          .isZero();
      assertThat(t.modelRoute.billing().balance(poor.orgId()).held()).isEqualTo(Money.ZERO);

      int accepted = 0;
      int refused = 0;
      for (int i = 0; i < 15; i++) {
        try {
          batcher.settle(poorSubmits.get(i), poorVerdicts.get(i).join());
          accepted++;
        } catch (ModelRouteException e) {
          assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
          refused++;
        }
      }
      assertThat(accepted).isEqualTo(10);
      assertThat(refused).isEqualTo(5);
      assertThat(t.modelRoute.billing().balance(poor.orgId()).available()).isEqualTo(Money.ZERO);
      assertThat(t.modelRoute.billing().balance(rich.orgId()).held())
          .isEqualTo(Money.parse("0.720"));
      assertThat(
              count(t, "SELECT COUNT(*) FROM idempotency_keys WHERE org_id = :org", poor.orgId()))
          .isEqualTo(10);
      assertThat(count(t, "SELECT COUNT(*) FROM holds WHERE org_id = :org", rich.orgId()))
          .isEqualTo(15);
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void racingDistinctSubmitsOnOneOrganizationAcceptExactlyThoseThatFit(Dialect dialect)
      throws Exception {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.200"); // exactly 25 holds of 0.048
      int n = 120;
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(24);
      AtomicInteger accepted = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    t.modelRoute
                        .executions()
                        .create(p, image("race " + k), k % 2 == 0 ? "k-" + k : null, null);
                    accepted.incrementAndGet();
                  } catch (ModelRouteException e) {
                    assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
                    refused.incrementAndGet();
                  }
                  assertThat(t.modelRoute.billing().balance(p.orgId()).available().isNegative())
                      .isFalse();
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      assertThat(accepted.get()).isEqualTo(25);
      assertThat(refused.get()).isEqualTo(95);
      assertThat(t.modelRoute.billing().balance(p.orgId()).available()).isEqualTo(Money.ZERO);
      assertThat(count(t, "SELECT COUNT(*) FROM executions WHERE org_id = :org", p.orgId()))
          .isEqualTo(25);
      assertThat(
              count(
                  t,
                  "SELECT COALESCE(SUM(amount_micros), 0) FROM ledger_entries "
                      + "WHERE org_id = :org AND entry_type = 'HOLD'",
                  p.orgId()))
          .isEqualTo(25 * 48_000L);
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aBatchMemberWhoseInsertFailsForAnotherReasonFailsAloneAndTheOthersAreStored(
      Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("10.00");
      SubmitBatcher batcher = handDriven(t);
      Submit good1 = prepare(t, p, image("one"), "good-1");
      Submit good2 = prepare(t, p, image("two"), null);
      Submit valid = prepare(t, p, image("bad"), "bad-1");
      Execution e = valid.execution();
      // a metadata key longer than its column: no validation lets this through, the database
      // refuses it
      Execution broken = TestExecutions.from(e).metadata(Map.of("k".repeat(600), "v")).build();
      Submit bad = new Submit(broken, valid.idempotencyKey(), valid.fingerprint(), valid.body());
      var v1 = batcher.enqueue(good1);
      var vBad = batcher.enqueue(bad);
      var v2 = batcher.enqueue(good2);
      batcher.runOnce();
      assertThat(List.of(v1.join(), vBad.join(), v2.join())).containsOnly(Verdict.ALONE);

      assertThat(batcher.settle(good1, v1.join()).statusCode()).isEqualTo(202);
      assertThatThrownBy(() -> batcher.settle(bad, vBad.join()))
          .isInstanceOf(RuntimeException.class);
      assertThat(batcher.settle(good2, v2.join()).statusCode()).isEqualTo(202);
      assertThat(t.modelRoute.executions().get(p.orgId(), good1.execution().id()).status())
          .isEqualTo(ExecutionStatus.PENDING);
      assertThat(t.modelRoute.executions().get(p.orgId(), good2.execution().id()).status())
          .isEqualTo(ExecutionStatus.PENDING);
      assertThat(count(t, "SELECT COUNT(*) FROM executions WHERE org_id = :org", p.orgId()))
          .isEqualTo(2);
      assertThat(count(t, "SELECT COUNT(*) FROM idempotency_keys WHERE org_id = :org", p.orgId()))
          .isEqualTo(1);
      assertThat(t.modelRoute.billing().balance(p.orgId()).held()).isEqualTo(Money.parse("0.096"));
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aKeyAlreadyStoredIsResolvedFromItsRecordAsBefore(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("10.00");
      CreateOutcome first = t.modelRoute.executions().create(p, image("one"), "stored", null);
      SubmitBatcher batcher = handDriven(t);
      Submit same = prepare(t, p, image("one"), "stored");
      Submit other = prepare(t, p, image("two"), "stored");
      Submit fresh = prepare(t, p, image("three"), "fresh");
      var vSame = batcher.enqueue(same);
      var vOther = batcher.enqueue(other);
      var vFresh = batcher.enqueue(fresh);
      batcher.runOnce();
      assertThat(vFresh.join()).isEqualTo(Verdict.COMMITTED);

      CreateOutcome replay = batcher.settle(same, vSame.join());
      assertThat(replay.replayed()).isTrue();
      assertThat(replay.executionId()).isEqualTo(first.executionId());
      assertThat(replay.body()).isEqualTo(first.body());
      assertThatThrownBy(() -> batcher.settle(other, vOther.join()))
          .isInstanceOf(ModelRouteException.class)
          .extracting(e -> ((ModelRouteException) e).code())
          .isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
      assertThat(batcher.settle(fresh, vFresh.join()).replayed()).isFalse();
      assertThat(count(t, "SELECT COUNT(*) FROM executions WHERE org_id = :org", p.orgId()))
          .isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aKeyWhoseFirstRequestIsStillInFlightIsAConflict(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("10.00");
      CreateExecution request = image("one");
      String fp =
          RequestFingerprint.of("POST", "/v1/executions", Json.mapper().valueToTree(request));
      // a key inserted but not answered: how another node's create looks between its statements
      t.modelRoute
          .database()
          .jdbi()
          .useHandle(
              h ->
                  new JdbiIdempotencyStore(dialect)
                      .insert(h, p.orgId(), "busy", fp, t.clock.instant()));
      assertThatThrownBy(() -> t.modelRoute.executions().create(p, request, "busy", fp))
          .isInstanceOf(ModelRouteException.class)
          .satisfies(
              e -> {
                assertThat(((ModelRouteException) e).code()).isEqualTo(ErrorCode.CONFLICT);
                assertThat(((ModelRouteException) e).retryable()).isTrue();
              });
      assertThat(count(t, "SELECT COUNT(*) FROM executions WHERE org_id = :org", p.orgId()))
          .isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anExpiredKeyMetInABatchIsUsedAfresh(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("10.00");
      CreateOutcome first = t.modelRoute.executions().create(p, image("one"), "daily", null);
      t.clock.advance(Duration.ofHours(25));
      SubmitBatcher batcher = handDriven(t);
      Submit again = prepare(t, p, image("two"), "daily");
      var verdict = batcher.enqueue(again);
      batcher.runOnce();
      assertThat(verdict.join()).isEqualTo(Verdict.KEY_TAKEN);
      CreateOutcome out = batcher.settle(again, verdict.join());
      assertThat(out.replayed()).isFalse();
      assertThat(out.executionId())
          .isNotEqualTo(first.executionId())
          .isEqualTo(again.execution().id());
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aKeyReusedWithABodyThatNoLongerValidatesIsRefusedAsReusedAsBefore(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("10.00");
      t.modelRoute.executions().create(p, image("one"), "k", null);
      assertThatThrownBy(
              () ->
                  t.modelRoute
                      .executions()
                      .create(
                          p, CreateExecution.of("no-such-model", Json.readObject("{}")), "k", null))
          .isInstanceOf(ModelRouteException.class)
          .extracting(e -> ((ModelRouteException) e).code())
          .isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
      assertThatThrownBy(
              () ->
                  t.modelRoute
                      .executions()
                      .create(
                          p,
                          CreateExecution.of("no-such-model", Json.readObject("{}")),
                          "unused",
                          null))
          .isInstanceOf(ModelRouteException.class)
          .extracting(e -> ((ModelRouteException) e).code())
          .isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aCreateAnsweredAcceptedIsInTheDatabaseForANewConnection(Dialect dialect) throws Exception {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("10.00");
      CreateOutcome out =
          t.modelRoute.executions().create(p, image("durable"), "durable-key", null);
      assertThat(out.statusCode()).isEqualTo(202);
      var config = t.modelRoute.config();
      try (Connection c =
              DriverManager.getConnection(
                  config.jdbcUrl(), TestDatabases.user(dialect), TestDatabases.password(dialect));
          PreparedStatement s =
              c.prepareStatement(
                  "SELECT e.status, h.amount_micros, k.status_code, k.execution_id FROM executions e "
                      + "JOIN holds h ON h.execution_id = e.id "
                      + "JOIN idempotency_keys k ON k.org_id = e.org_id AND k.idem_key = 'durable-key' "
                      + "WHERE e.id = ?")) {
        s.setString(1, out.executionId());
        try (ResultSet rs = s.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("PENDING");
          assertThat(rs.getLong(2)).isEqualTo(48_000L);
          assertThat(rs.getInt(3)).isEqualTo(202);
          assertThat(rs.getString(4)).isEqualTo(out.executionId());
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void withGroupCommitOffEverySubmitCommitsAloneWithTheSameAnswers(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect, b -> b.groupCommit(GroupCommitSettings.OFF))) {
      Principal p = t.organization("0.050");
      CreateOutcome first = t.modelRoute.executions().create(p, image("one"), "k", null);
      assertThat(t.modelRoute.executions().create(p, image("one"), "k", null).body())
          .isEqualTo(first.body());
      assertThatThrownBy(() -> t.modelRoute.executions().create(p, image("two"), null, null))
          .extracting(e -> ((ModelRouteException) e).code())
          .isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
    }
  }
}
