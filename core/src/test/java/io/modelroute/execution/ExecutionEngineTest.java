package io.modelroute.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.FakeProvider;
import io.modelroute.Json;
import io.modelroute.ModelRouteException;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExecutionEngineTest {

  private static ObjectNode input(String json) {
    return Json.readObject(json);
  }

  private static CreateExecution image(String prompt) {
    return CreateExecution.of("test-image", input("{\"prompt\":\"" + prompt + "\"}"));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void createPlacesAHoldOfOnePointTwoTimesTheEstimate(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("10.00");
      CreateOutcome out = t.modelRoute.executions().create(p, image("a cat"), null, null);
      assertThat(out.statusCode()).isEqualTo(202);
      ObjectNode body = Json.readObject(out.body());
      assertThat(body.fieldNames())
          .toIterable()
          .containsExactly(
              "id", "status", "model", "hold_amount", "estimated_cost", "expires_at", "created_at");
      assertThat(body.get("hold_amount").asText()).isEqualTo("0.048");
      assertThat(body.get("estimated_cost").asText()).isEqualTo("0.040");
      assertThat(body.get("status").asText()).isEqualTo("PENDING");
      var balance = t.modelRoute.billing().balance(p.orgId());
      assertThat(balance.held()).isEqualTo(Money.parse("0.048"));
      assertThat(balance.available()).isEqualTo(Money.parse("9.952"));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void dispatchCompletesTheExecutionAndCapturesTheActualCost(Dialect dialect) throws Exception {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("10.00");
      String id = t.modelRoute.executions().create(p, image("a red fox"), null, null).executionId();
      assertThat(t.modelRoute.dispatcher().runOnce(t.clock.instant())).isEqualTo(1);
      Execution e = t.modelRoute.executions().get(p.orgId(), id);
      assertThat(e.status()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(e.cost()).isEqualTo(Money.parse("0.040"));
      assertThat(e.attempts()).isEqualTo(1);
      var balance = t.modelRoute.billing().balance(p.orgId());
      assertThat(balance.balance()).isEqualTo(Money.parse("9.960"));
      assertThat(balance.held()).isEqualTo(Money.ZERO);
      ObjectNode result = ExecutionJson.result(e);
      var image = result.get("output").get("images").get(0);
      assertThat(image.get("width").asInt()).isEqualTo(128);
      assertThat(image.get("format").asText()).isEqualTo("png");
      var file = t.modelRoute.files().require(p.orgId(), image.get("file_id").asText());
      try (InputStream in = t.modelRoute.files().open(file, 0)) {
        assertThat(in.readNBytes(8)).containsExactly(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
      }
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void concurrentIdenticalRequestsWithOneIdempotencyKeyCreateOneExecutionAndOneHold(Dialect dialect)
      throws Exception {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("10.00");
      Set<String> ids = new HashSet<>();
      Set<String> bodies = new HashSet<>();
      int replays = 0;
      for (CreateOutcome o : ConcurrentCreates.race(t, p, image("same"), "key-1", 16)) {
        ids.add(o.executionId());
        bodies.add(o.body());
        replays += o.replayed() ? 1 : 0;
      }
      assertThat(ids).hasSize(1);
      assertThat(bodies).hasSize(1);
      assertThat(replays).isGreaterThanOrEqualTo(1);
      assertThat(t.modelRoute.executions().list(p.orgId(), ExecutionQuery.all()).data()).hasSize(1);
      assertThat(t.modelRoute.billing().balance(p.orgId()).held()).isEqualTo(Money.parse("0.048"));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theSameIdempotencyKeyWithAnotherBodyIsRefused(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("10.00");
      t.modelRoute.executions().create(p, image("one"), "key-2", null);
      assertThatThrownBy(() -> t.modelRoute.executions().create(p, image("two"), "key-2", null))
          .isInstanceOf(ModelRouteException.class)
          .extracting(e -> ((ModelRouteException) e).code())
          .isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
      Principal other = t.organization("1.00");
      assertThat(t.modelRoute.executions().create(other, image("two"), "key-2", null).replayed())
          .isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void idempotencyKeysExpireAfterADayAndCanThenBeReused(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("10.00");
      String first = t.modelRoute.executions().create(p, image("one"), "daily", null).executionId();
      t.clock.advance(Duration.ofHours(23));
      assertThat(t.modelRoute.executions().purgeExpiredIdempotencyKeys(t.clock.instant())).isZero();
      assertThat(t.modelRoute.executions().create(p, image("one"), "daily", null).executionId())
          .isEqualTo(first);
      t.clock.advance(Duration.ofHours(2));
      assertThat(t.modelRoute.executions().purgeExpiredIdempotencyKeys(t.clock.instant()))
          .isEqualTo(1);
      CreateOutcome again = t.modelRoute.executions().create(p, image("two"), "daily", null);
      assertThat(again.replayed()).isFalse();
      assertThat(again.executionId()).isNotEqualTo(first);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void racingSubmissionsNeverHoldMoreThanTheBalance(Dialect dialect) throws Exception {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("0.480"); // exactly 10 holds of 0.048
      int n = 100;
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(20);
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
                    t.modelRoute.executions().create(p, image("race " + k), null, null);
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
      assertThat(accepted.get()).isEqualTo(10);
      assertThat(refused.get()).isEqualTo(90);
      var balance = t.modelRoute.billing().balance(p.orgId());
      assertThat(balance.available()).isEqualTo(Money.ZERO);
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void cancelReleasesTheHoldAndALateResultIsIgnored(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      String id =
          t.modelRoute
              .executions()
              .create(p, CreateExecution.of("test-slow", input("{\"prompt\":\"x\"}")), null, null)
              .executionId();
      t.modelRoute.dispatcher().runOnce(t.clock.instant());
      assertThat(t.modelRoute.executions().get(p.orgId(), id).status())
          .isEqualTo(ExecutionStatus.PROCESSING);
      Execution cancelled = t.modelRoute.executions().cancel(p.orgId(), id);
      assertThat(cancelled.status()).isEqualTo(ExecutionStatus.CANCELLED);
      assertThat(t.modelRoute.executions().cancel(p.orgId(), id).status())
          .isEqualTo(ExecutionStatus.CANCELLED);
      assertThat(t.modelRoute.billing().balance(p.orgId()).held()).isEqualTo(Money.ZERO);
      // the provider's result arriving now changes nothing and charges nothing
      assertThat(
              t.modelRoute
                  .executions()
                  .complete(
                      cancelled, Json.readObject("{\"text\":\"late\"}"), Money.parse("0.010")))
          .isEmpty();
      t.clock.advance(Duration.ofMinutes(2));
      assertThat(t.modelRoute.dispatcher().runOnce(t.clock.instant())).isZero();
      assertThat(t.modelRoute.billing().balance(p.orgId()).balance())
          .isEqualTo(Money.parse("1.00"));
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void cancellingACompletedExecutionIsAConflict(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      String id = t.modelRoute.executions().create(p, image("done"), null, null).executionId();
      t.modelRoute.dispatcher().runOnce(t.clock.instant());
      assertThatThrownBy(() -> t.modelRoute.executions().cancel(p.orgId(), id))
          .extracting(e -> ((ModelRouteException) e).code())
          .isEqualTo(ErrorCode.CONFLICT);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anOverdueExecutionExpiresWithGenerationTimeoutAndItsHoldIsReleased(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      String id =
          t.modelRoute
              .executions()
              .create(p, CreateExecution.of("test-slow", input("{\"prompt\":\"x\"}")), null, null)
              .executionId();
      t.modelRoute.dispatcher().runOnce(t.clock.instant());
      t.clock.advance(Duration.ofSeconds(31));
      t.modelRoute.dispatcher().runOnce(t.clock.instant());
      Execution e = t.modelRoute.executions().get(p.orgId(), id);
      assertThat(e.status()).isEqualTo(ExecutionStatus.EXPIRED);
      assertThat(e.error().code()).isEqualTo(ErrorCode.GENERATION_TIMEOUT);
      assertThat(t.modelRoute.billing().balance(p.orgId()).held()).isEqualTo(Money.ZERO);
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aRetryableFailureIsRetriedThenFailsOverToTheNextRouteAndChargesOnce(Dialect dialect) {
    FakeProvider a = new FakeProvider("fake-a").failing(ErrorCode.MODEL_OVERLOADED, 3);
    FakeProvider b = new FakeProvider("fake-b");
    try (TestEngine t = TestEngine.start(dialect, a, b)) {
      Principal p = t.organization("1.00");
      String id =
          t.modelRoute
              .executions()
              .create(
                  p, CreateExecution.of("test-failover", input("{\"prompt\":\"x\"}")), null, null)
              .executionId();
      for (int i = 0;
          i < 6 && t.modelRoute.executions().get(p.orgId(), id).status().isTerminal() == false;
          i++) {
        t.modelRoute.dispatcher().runOnce(t.clock.instant());
        t.clock.advance(Duration.ofSeconds(5));
      }
      Execution e = t.modelRoute.executions().get(p.orgId(), id);
      assertThat(e.status()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(a.starts.get()).isEqualTo(3);
      assertThat(b.starts.get()).isEqualTo(1);
      assertThat(e.attempts()).isEqualTo(4);
      assertThat(e.output().get("text").asText()).isEqualTo("from fake-b");
      assertThat(t.modelRoute.billing().balance(p.orgId()).balance())
          .isEqualTo(Money.parse("0.980"));
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aNonRetryableFailureFailsAtOnceWithoutTryingTheNextRoute(Dialect dialect) {
    FakeProvider a = new FakeProvider("fake-a").failing(ErrorCode.CONTENT_MODERATION_REJECTED, 1);
    FakeProvider b = new FakeProvider("fake-b");
    try (TestEngine t = TestEngine.start(dialect, a, b)) {
      Principal p = t.organization("1.00");
      String id =
          t.modelRoute
              .executions()
              .create(
                  p, CreateExecution.of("test-failover", input("{\"prompt\":\"x\"}")), null, null)
              .executionId();
      t.modelRoute.dispatcher().runOnce(t.clock.instant());
      Execution e = t.modelRoute.executions().get(p.orgId(), id);
      assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(e.error().code()).isEqualTo(ErrorCode.CONTENT_MODERATION_REJECTED);
      assertThat(b.starts.get()).isZero();
      assertThat(t.modelRoute.billing().balance(p.orgId()).balance())
          .isEqualTo(Money.parse("1.00"));
      assertThat(t.modelRoute.billing().balance(p.orgId()).held()).isEqualTo(Money.ZERO);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void workLeasedByADeadNodeIsTakenOverWhenTheLeaseRunsOut(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      String id = t.modelRoute.executions().create(p, image("orphan"), null, null).executionId();
      var store = new JdbiExecutionStore(t.modelRoute.database().dialect());
      var now = t.clock.instant();
      var claimed =
          t.modelRoute
              .database()
              .jdbi()
              .inTransaction(
                  h -> store.claimDue(h, now, 10, "dead-node", now.plus(Duration.ofSeconds(60))));
      assertThat(claimed).hasSize(1);
      assertThat(t.modelRoute.dispatcher().runOnce(now)).isZero();
      t.clock.advance(Duration.ofSeconds(61));
      assertThat(t.modelRoute.dispatcher().runOnce(t.clock.instant())).isEqualTo(1);
      assertThat(t.modelRoute.executions().get(p.orgId(), id).status())
          .isEqualTo(ExecutionStatus.COMPLETED);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theLedgerInvariantHoldsAfterAMixedRun(Dialect dialect) {
    FakeProvider a = new FakeProvider("fake-a").failing(ErrorCode.INPUT_VALIDATION_ERROR, 3);
    try (TestEngine t = TestEngine.start(dialect, a, new FakeProvider("fake-b"))) {
      Principal p = t.organization("5.00");
      var ex = t.modelRoute.executions();
      List<String> slow = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ex.create(p, image("ok " + i), null, null);
        ex.create(
            p,
            CreateExecution.of("test-text", input("{\"prompt\":\"hello there " + i + "\"}")),
            null,
            null);
        ex.create(p, CreateExecution.of("test-failover", input("{\"prompt\":\"x\"}")), null, null);
        slow.add(
            ex.create(p, CreateExecution.of("test-slow", input("{\"prompt\":\"x\"}")), null, null)
                .executionId());
      }
      t.modelRoute.dispatcher().runOnce(t.clock.instant());
      t.modelRoute.dispatcher().runOnce(t.clock.instant());
      ex.cancel(p.orgId(), slow.get(0));
      ex.cancel(p.orgId(), slow.get(1));
      t.clock.advance(Duration.ofSeconds(40));
      t.modelRoute.dispatcher().runOnce(t.clock.instant());
      Map<ExecutionStatus, Long> byStatus = new java.util.EnumMap<>(ExecutionStatus.class);
      ex.list(p.orgId(), new ExecutionQuery(null, null, null, null, Map.of(), 100, null))
          .data()
          .forEach(e -> byStatus.merge(e.status(), 1L, Long::sum));
      assertThat(byStatus)
          .containsEntry(ExecutionStatus.CANCELLED, 2L)
          .containsEntry(ExecutionStatus.EXPIRED, 3L)
          .containsEntry(ExecutionStatus.FAILED, 3L)
          .containsEntry(ExecutionStatus.COMPLETED, 12L);
      assertThat(t.modelRoute.billing().balance(p.orgId()).held()).isEqualTo(Money.ZERO);
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void listingIsNewestFirstWithCursorsAndFilters(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("5.00");
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ids.add(
            t.modelRoute
                .executions()
                .create(
                    p,
                    new CreateExecution(
                        "test-image",
                        input("{\"prompt\":\"p" + i + "\"}"),
                        null,
                        Map.of("batch", i % 2 == 0 ? "even" : "odd"),
                        ExecutionMode.ASYNC),
                    null,
                    null)
                .executionId());
        t.clock.advance(Duration.ofSeconds(1));
      }
      var first =
          t.modelRoute
              .executions()
              .list(p.orgId(), new ExecutionQuery(null, null, null, null, Map.of(), 2, null));
      assertThat(first.data()).extracting(Execution::id).containsExactly(ids.get(4), ids.get(3));
      assertThat(first.hasMore()).isTrue();
      var second =
          t.modelRoute
              .executions()
              .list(
                  p.orgId(),
                  new ExecutionQuery(null, null, null, null, Map.of(), 2, first.nextCursor()));
      assertThat(second.data()).extracting(Execution::id).containsExactly(ids.get(2), ids.get(1));
      var even =
          t.modelRoute
              .executions()
              .list(
                  p.orgId(),
                  new ExecutionQuery(
                      null, "test-image", null, null, Map.of("batch", "even"), 10, null));
      assertThat(even.data())
          .extracting(Execution::id)
          .containsExactly(ids.get(4), ids.get(2), ids.get(0));
      Principal other = t.organization("1.00");
      assertThat(t.modelRoute.executions().list(other.orgId(), ExecutionQuery.all()).data())
          .isEmpty();
      assertThatThrownBy(() -> t.modelRoute.executions().get(other.orgId(), ids.get(0)))
          .extracting(e -> ((ModelRouteException) e).code())
          .isEqualTo(ErrorCode.NOT_FOUND);
    }
  }
}
