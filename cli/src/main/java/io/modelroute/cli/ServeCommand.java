package io.modelroute.cli;

import io.modelroute.ModelRoute;
import io.modelroute.http.ModelRouteServer;
import io.modelroute.http.ServerConfig;
import io.modelroute.worker.DispatcherSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code modelroute serve}: runs the HTTP API and the workers until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start the ModelRoute server (HTTP API + workers).")
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions db;

  @Option(names = "--dev", description = "Development mode: create a 'dev' organization with 100.000 credit and print its key;"
      + " implies --allow-private-webhooks")
  boolean dev;

  @Option(names = "--allow-private-webhooks", defaultValue = "${env:MODELROUTE_ALLOW_PRIVATE_WEBHOOKS:-false}",
      description = "webhooks.allow-private-networks: let webhooks reach localhost, private networks and plain http"
          + " (development only; env MODELROUTE_ALLOW_PRIVATE_WEBHOOKS)")
  boolean allowPrivateWebhooks;

  @Option(names = "--port", defaultValue = "${env:MODELROUTE_PORT:-8080}", description = "TCP port (env MODELROUTE_PORT; default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", defaultValue = "${env:MODELROUTE_HOST:-0.0.0.0}", description = "Interface to bind (default ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--admin-token", defaultValue = "${env:MODELROUTE_ADMIN_TOKEN}",
      description = "Enables /admin/v1 with this bearer token (env MODELROUTE_ADMIN_TOKEN; min 16 chars)")
  String adminToken;

  @Option(names = "--workers", defaultValue = "16", description = "Worker threads (default ${DEFAULT-VALUE})")
  int workers;

  @Option(names = "--rate-limit", defaultValue = "60", description = "Requests per second per API key (default ${DEFAULT-VALUE})")
  int rateLimit;

  @Option(names = "--rate-burst", defaultValue = "120", description = "Burst per API key (default ${DEFAULT-VALUE})")
  int rateBurst;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    var builder = db.config();
    DispatcherSettings defaults = builder.build().dispatcher();
    builder.dispatcher(new DispatcherSettings(defaults.nodeId(), workers, defaults.pollInterval(), defaults.lease(),
        defaults.maxAttemptsPerRoute(), defaults.retryBaseDelay()));
    builder.allowPrivateWebhooks(dev || allowPrivateWebhooks);
    ModelRoute modelRoute = ModelRoute.start(builder.build());
    ModelRouteServer server;
    try {
      String token = adminToken == null || adminToken.isBlank() ? null : adminToken;
      server = new ModelRouteServer(modelRoute,
          new ServerConfig(host, port, token, rateLimit, rateBurst, ServerConfig.DEFAULT_MAX_JSON_BODY)).start();
    } catch (RuntimeException e) {
      modelRoute.close();
      throw e;
    }
    out.println("ModelRoute listening on http://localhost:" + server.port());
    if (dev || allowPrivateWebhooks) {
      out.println("webhooks may reach private networks and plain http (webhooks.allow-private-networks)");
    }
    if (dev) {
      String key = modelRoute.ensureDevOrganization(db.dataDir.resolve("dev-api-key"));
      out.println("dev API key: " + key);
      out.println("(also in " + db.dataDir.resolve("dev-api-key") + ")");
    }
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      modelRoute.close();
      stopped.countDown();
    }, "modelroute-shutdown"));
    stopped.await();
    return 0;
  }
}
