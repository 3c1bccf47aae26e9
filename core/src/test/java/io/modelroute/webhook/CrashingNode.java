package io.modelroute.webhook;

import io.modelroute.Json;
import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteConfig;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.execution.CreateExecution;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A server process for {@link WebhookCrashTest}, killed with SIGKILL by the test. It commits a
 * state change (an execution dispatched to COMPLETED, with its webhook deliveries) and then either
 * waits to be killed ({@code after-commit}) or starts delivering ({@code during-attempt}: the test
 * kills it while the receiver holds the first request).
 *
 * <p>Arguments: jdbc-url user password data-dir receiver-url mode. Prints {@code COMMITTED
 * <execution id> <endpoint secret>} once the state change is durable.
 */
public final class CrashingNode {
  private CrashingNode() {}

  public static void main(String[] args) throws Exception {
    ModelRoute mr =
        ModelRoute.start(
            ModelRouteConfig.builder()
                .jdbcUrl(args[0])
                .dbUser(args[1].isEmpty() ? null : args[1])
                .dbPassword(args[2].isEmpty() ? null : args[2])
                .dataDir(Path.of(args[3]))
                .catalogFile(TestEngine.testCatalog())
                .startWorkers(false)
                .allowPrivateWebhooks(true)
                .build());
    var org = mr.organizations().create("crash", Money.parse("5.00"));
    Principal p = mr.apiKeys().authenticate(org.key().secret());
    String secret = mr.webhooks().create(p.orgId(), WebhookEndpointRequest.of(args[4])).secret();
    String id =
        mr.executions()
            .create(
                p,
                CreateExecution.of("test-image", Json.readObject("{\"prompt\":\"crash\"}")),
                null,
                null)
            .executionId();
    mr.dispatcher()
        .runOnce(Instant.now()); // PENDING → PROCESSING → COMPLETED, two events, two deliveries
    System.out.println("COMMITTED " + id + " " + secret);
    System.out.flush();
    if (args[5].equals("during-attempt")) {
      mr.webhookWorker().runOnce(Instant.now()); // blocks: the receiver never answers
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
