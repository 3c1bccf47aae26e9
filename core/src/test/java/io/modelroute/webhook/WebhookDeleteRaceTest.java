package io.modelroute.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Json;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import io.modelroute.execution.CreateExecution;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code DELETE /v1/webhooks/endpoints/{id}} while one of the endpoint's deliveries is being
 * attempted: the attempt's outcome holds the delivery row when the delete comes in. It deadlocked
 * (H2: 500 in 2 of 31 tries) when the delete locked the endpoint before the deliveries.
 */
class WebhookDeleteRaceTest {
  @ParameterizedTest
  @EnumSource(Dialect.class)
  void deletingAnEndpointWhileItsDeliveryIsBeingRecordedSucceedsWithoutADeadlock(Dialect dialect)
      throws Exception {
    try (TestEngine t = TestEngine.start(dialect);
        RecordingWebhookReceiver receiver = RecordingWebhookReceiver.started()) {
      Principal p = t.organization("10.00");
      String endpointId =
          t.modelRoute
              .webhooks()
              .create(
                  p.orgId(),
                  new WebhookEndpointRequest(
                      receiver.url("/hooks"), null, List.of("execution.completed"), Map.of()))
              .endpoint()
              .id();
      t.modelRoute
          .executions()
          .create(
              p,
              CreateExecution.of("test-image", Json.readObject("{\"prompt\":\"x\"}")),
              null,
              null);
      t.modelRoute.dispatcher().runOnce(t.clock.instant());

      CountDownLatch outcomeHoldsDelivery = new CountDownLatch(1);
      CountDownLatch deleteIsLocking = new CountDownLatch(1);
      List<String> sqlErrors = new CopyOnWriteArrayList<>();
      t.modelRoute
          .database()
          .jdbi()
          .getConfig(SqlStatements.class)
          .setSqlLogger(
              new SqlLogger() {
                @Override
                public void logBeforeExecution(StatementContext ctx) {
                  String sql = ctx.getRenderedSql();
                  if (sql.startsWith(
                      "DELETE FROM webhook_deliveries WHERE endpoint_id = :endpoint")) {
                    deleteIsLocking
                        .countDown(); // about to wait for the delivery row the attempt holds
                  }
                }

                @Override
                public void logException(StatementContext ctx, SQLException ex) {
                  sqlErrors.add(ex.getMessage());
                }

                @Override
                public void logAfterExecution(StatementContext ctx) {
                  String sql = ctx.getRenderedSql();
                  if (sql.startsWith("DELETE FROM webhook_endpoints WHERE id = :id")) {
                    deleteIsLocking.countDown(); // holds the endpoint row
                  }
                  if (sql.startsWith("UPDATE webhook_deliveries SET status = :status")) {
                    // the attempt's outcome transaction now holds the delivery row; let the delete
                    // come in
                    outcomeHoldsDelivery.countDown();
                    await(deleteIsLocking);
                  }
                }
              });

      CompletableFuture<Integer> attempt =
          CompletableFuture.supplyAsync(
              () -> t.modelRoute.webhookWorker().runOnce(t.clock.instant()));
      assertThat(outcomeHoldsDelivery.await(30, TimeUnit.SECONDS)).isTrue();
      t.modelRoute.webhooks().delete(p.orgId(), endpointId); // threw a deadlock (→ 500) before

      assertThat(attempt.get(30, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(sqlErrors).as("neither transaction was chosen as a deadlock victim").isEmpty();
      assertThat(receiver.requests()).hasSize(1);
      assertThat(t.modelRoute.webhooks().list(p.orgId())).isEmpty();
      int left =
          t.modelRoute
              .database()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint_id = :id")
                          .bind("id", endpointId)
                          .mapTo(Integer.class)
                          .one());
      assertThat(left).isZero();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
