package io.modelroute.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.ModelRouteException;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.billing.internal.JdbiLedgerStore;
import io.modelroute.db.internal.Dialect;
import io.modelroute.execution.JdbiExecutionStore.Claimed;
import io.modelroute.execution.internal.ConcurrentTransitionException;
import io.modelroute.execution.internal.JdbiEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Random interleavings of create, claim, start, park, complete, fail, cancel, expire, dispatcher
 * rounds and crash-and-recover (the in-memory lifecycle and its claims dropped, a new one built
 * over the same database; the dead node's leases released as a restart would, or left to run out),
 * driven through {@link ExecutionLifecycle} with seeded randomness. After every step the ledger
 * invariant holds and no balance is negative; at the end every execution is terminal with exactly
 * one settlement and one terminal event.
 */
class LifecyclePropertyTest {
  static final int SEEDS = 3;
  static final int STEPS = 250;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void randomInterleavingsKeepTheLedgerExactAndEndEveryExecutionSettledOnce(Dialect dialect) {
    for (long seed = 1; seed <= SEEDS; seed++) {
      run(dialect, seed);
    }
  }

  private void run(Dialect dialect, long seed) {
    Random rnd = new Random(seed);
    try (TestEngine t = TestEngine.start(dialect)) {
      Jdbi jdbi = t.modelRoute.database().jdbi();
      Principal p = t.organization("1.00");
      ExecutionService service = t.modelRoute.executions();
      ExecutionLifecycle lc = service.lifecycle();
      String node = "prop-0";
      int crashes = 0;
      Map<String, Claimed> claimed = new LinkedHashMap<>();
      List<String> ids = new ArrayList<>();
      for (int step = 0; step < STEPS; step++) {
        Instant now = t.clock.instant();
        int op = rnd.nextInt(100);
        String what;
        if (op < 25) {
          what = "create";
          try {
            ids.add(
                service
                    .create(
                        p,
                        CreateExecution.of(
                            rnd.nextBoolean() ? "test-image" : "test-text",
                            Json.readObject("{\"prompt\":\"p" + step + "\"}")),
                        null,
                        null)
                    .executionId());
          } catch (ModelRouteException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
          }
        } else if (op < 40) {
          what = "claim";
          // some claims open the attempt in the claim's own transaction, as the dispatcher does
          boolean startSome = rnd.nextBoolean();
          for (var w :
              lc.claim(
                  node,
                  now,
                  1 + rnd.nextInt(4),
                  now.plus(Duration.ofSeconds(60)),
                  c ->
                      startSome && rnd.nextBoolean()
                          ? new ExecutionLifecycle.Start(0, 1, "demo", "demo-image")
                          : null)) {
            claimed.put(w.execution().id(), w.claimed());
          }
        } else if (op < 70 && !claimed.isEmpty()) {
          String id = pick(rnd, new ArrayList<>(claimed.keySet()));
          Execution e = claimed.get(id).execution();
          int action = rnd.nextInt(5);
          what = "claimed#" + action;
          try {
            switch (action) {
              case 0 ->
                  lc.startAttempt(
                      e, node, new ExecutionLifecycle.Start(0, 1, "demo", "demo-image"), now);
              case 1 -> {
                claimed.remove(id);
                long capture = rnd.nextInt((int) (e.hold().micros() * 2 + 1));
                lc.complete(e, Json.readObject("{\"text\":\"done\"}"), Money.ofMicros(capture));
              }
              case 2 -> {
                claimed.remove(id);
                lc.fail(e, new ExecutionError(ErrorCode.GENERATION_FAILED, "scripted"));
              }
              case 3 -> {
                claimed.remove(id);
                lc.retryLater(
                    e,
                    node,
                    now.plusSeconds(rnd.nextInt(5)),
                    new ExecutionLifecycle.AttemptFailure(ErrorCode.MODEL_OVERLOADED, "busy", now));
              }
              default -> {
                claimed.remove(id);
                lc.awaitProvider(
                    e,
                    node,
                    rnd.nextBoolean()
                        ? ExecutionStatus.AWAITING_WEBHOOK
                        : ExecutionStatus.PROCESSING,
                    "job-" + step,
                    now.plusSeconds(rnd.nextInt(5)));
              }
            }
          } catch (ConcurrentTransitionException moved) {
            claimed.remove(id); // cancelled, expired or taken over meanwhile: nothing was written
          }
        } else if (op < 78 && !ids.isEmpty()) {
          what = "cancel";
          String id = pick(rnd, ids);
          try {
            service.cancel(p.orgId(), id);
          } catch (ModelRouteException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
          }
        } else if (op < 86) {
          what = "expire";
          t.clock.advance(Duration.ofSeconds(rnd.nextInt(40)));
          for (String id : lc.findExpired(t.clock.instant(), 100)) {
            lc.find(id).ifPresent(lc::expire);
          }
        } else if (op < 94) {
          what = "dispatch";
          t.modelRoute.dispatcher().runOnce(now);
        } else {
          what = "crash";
          // the node dies: its lifecycle and claims are gone; a new one works on the same database
          String dead = node;
          node = "prop-" + (++crashes);
          claimed.clear();
          lc =
              new ExecutionLifecycle(
                  jdbi,
                  new JdbiExecutionStore(t.modelRoute.database().dialect()),
                  new JdbiLedgerStore(),
                  new JdbiEventStore(),
                  t.clock);
          if (rnd.nextBoolean()) {
            lc.releaseLeases(dead); // restarted under the same name; otherwise the leases run out
          } else {
            t.clock.advance(Duration.ofSeconds(61));
          }
        }
        assertThat(t.modelRoute.billing().invariantViolations())
            .as("seed %d step %d (%s)", seed, step, what)
            .isEmpty();
        var balance = t.modelRoute.billing().balance(p.orgId());
        assertThat(balance.available().isNegative() || balance.held().isNegative())
            .as("seed %d step %d (%s): %s", seed, step, what, balance)
            .isFalse();
      }
      // recover and drain: everything ends terminal
      for (int round = 0; round < 5; round++) {
        lc.releaseLeases(node);
        t.clock.advance(Duration.ofMinutes(6));
        t.modelRoute.dispatcher().runOnce(t.clock.instant());
      }
      for (String id : ids) {
        Execution e = service.get(p.orgId(), id);
        assertThat(e.status().isTerminal()).as("seed %d: %s is %s", seed, id, e.status()).isTrue();
      }
      int active =
          jdbi.withHandle(
              h ->
                  h.createQuery("SELECT COUNT(*) FROM holds WHERE status = 'ACTIVE'")
                      .mapTo(Integer.class)
                      .one());
      assertThat(active).isZero();
      Map<String, Integer> settlements =
          counts(
              jdbi,
              "SELECT execution_id, COUNT(*) FROM holds WHERE status IN ('CAPTURED', 'RELEASED') GROUP BY execution_id");
      Map<String, Integer> holdEntries =
          counts(
              jdbi,
              "SELECT execution_id, COUNT(*) FROM ledger_entries WHERE entry_type = 'HOLD' GROUP BY execution_id");
      Map<String, Integer> terminalEvents =
          counts(
              jdbi,
              "SELECT execution_id, COUNT(*) FROM execution_events WHERE event_type IN "
                  + "('execution.completed', 'execution.failed', 'execution.cancelled') GROUP BY execution_id");
      for (String id : ids) {
        assertThat(settlements.get(id)).as("seed %d: settlements of %s", seed, id).isEqualTo(1);
        assertThat(holdEntries.get(id)).as("seed %d: holds of %s", seed, id).isEqualTo(1);
        assertThat(terminalEvents.get(id))
            .as("seed %d: terminal events of %s", seed, id)
            .isEqualTo(1);
      }
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
      assertThat(ids).as("seed %d made executions", seed).isNotEmpty();
    }
  }

  private static Map<String, Integer> counts(Jdbi jdbi, String sql) {
    Map<String, Integer> m = new LinkedHashMap<>();
    jdbi.useHandle(
        h -> h.createQuery(sql).map((rs, ctx) -> m.put(rs.getString(1), rs.getInt(2))).list());
    return m;
  }

  private static <T> T pick(Random rnd, List<T> list) {
    return list.get(rnd.nextInt(list.size()));
  }
}
