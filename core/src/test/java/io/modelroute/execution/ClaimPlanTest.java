package io.modelroute.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Json;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The claim's locking read must walk the due index in order however stale the planner's statistics
 * are. Found in the burn-down benchmark: statistics taken while nothing was queued made
 * PostgreSQL's generic plan read every active row through the status index and sort them all on
 * each claim (20–30 ms a claim at 20,000 queued, the whole engine waiting on it).
 */
class ClaimPlanTest {
  @Test
  void theClaimReadsTheDueIndexInOrderEvenWithStatisticsFromAnIdleMoment() {
    try (TestEngine t = TestEngine.start(Dialect.POSTGRESQL)) {
      Principal p = t.organization("5.00");
      String id =
          t.modelRoute
              .executions()
              .create(
                  p,
                  CreateExecution.of("test-slow", Json.readObject("{\"prompt\":\"x\"}")),
                  null,
                  null)
              .executionId();
      t.modelRoute.executions().cancel(p.orgId(), id);
      List<String> plan =
          t.modelRoute
              .database()
              .jdbi()
              .withHandle(
                  h -> {
                    h.execute("ANALYZE executions"); // statistics of an idle moment: nothing active
                    h.createUpdate(
                            "INSERT INTO executions SELECT (jsonb_populate_record(e, jsonb_build_object('id', 'exec_q' || g, "
                                + "'status', 'PENDING', 'next_run_at', now()::text, 'completed_at', NULL))).* "
                                + "FROM executions e, generate_series(1, 5000) g WHERE e.id = :id")
                        .bind("id", id)
                        .execute();
                    h.execute("SET plan_cache_mode = force_generic_plan");
                    h.execute(
                        "PREPARE claim(timestamptz, int) AS "
                            + JdbiExecutionStore.dueSelect(Dialect.POSTGRESQL)
                                .replace(":now", "$1")
                                .replace(":limit", "$2"));
                    return h.createQuery("EXPLAIN EXECUTE claim(now(), 16)")
                        .mapTo(String.class)
                        .list();
                  });
      String text = String.join("\n", plan);
      assertThat(text).as(text).contains("Index Scan using executions_due").doesNotContain("Sort");
    }
  }
}
