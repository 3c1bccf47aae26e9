package io.modelroute.generated;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import io.modelroute.generated.model.ErrorObject;
import io.modelroute.http.ModelRouteServer;
import io.modelroute.http.ServerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real ModelRoute server on a random port (real H2, the default catalog, the engine driven by
 * hand with a settable clock) and generated {@link ApiClient}s pointed at it with an organization's
 * key. One server serves every test class of the JVM (started on first use, stopped when the JVM
 * exits; the okhttp-gson tests in {@code .gson} share it); each {@link #start} gets an organization
 * of its own, so balances, ledgers and lists never mix. Test classes run one after another, so only
 * one drives the engine.
 */
public final class LiveServer {
  static final String ADMIN_TOKEN = "admin-token-123456";
  private static TestEngine sharedEngine;
  private static ModelRouteServer sharedServer;

  public final TestEngine engine;
  public final ModelRouteServer server;
  public final String baseUrl;
  public final String key;

  private LiveServer(TestEngine engine, ModelRouteServer server, String key) {
    this.engine = engine;
    this.server = server;
    this.baseUrl = "http://localhost:" + server.port();
    this.key = key;
  }

  /** The server (started on first use) with a new organization that holds {@code credit} USD. */
  public static synchronized LiveServer start(String credit) {
    if (sharedServer == null) {
      sharedEngine = TestEngine.withDefaultCatalog(Dialect.H2);
      sharedServer =
          new ModelRouteServer(
                  sharedEngine.modelRoute, ServerConfig.defaults(0).withAdminToken(ADMIN_TOKEN))
              .start();
      TestEngine engine = sharedEngine;
      ModelRouteServer server = sharedServer;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.stop();
                    engine.close();
                  },
                  "live-server-stop"));
    }
    String key =
        sharedEngine
            .modelRoute
            .organizations()
            .create("generated-client-" + System.nanoTime(), Money.parse(credit))
            .key()
            .secret();
    return new LiveServer(sharedEngine, sharedServer, key);
  }

  /** A new organization with {@code credit} USD; its FULL key. */
  public String organization(String credit) {
    return engine
        .modelRoute
        .organizations()
        .create("org-" + System.nanoTime(), Money.parse(credit))
        .key()
        .secret();
  }

  /** A generated client for this server that sends {@code bearer} as its API key. */
  ApiClient client(String bearer) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUrl);
    client.setReadTimeout(Duration.ofSeconds(30));
    // the native library has no authentication support of its own: the documented way is a request
    // interceptor
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + bearer));
    return client;
  }

  /** A generated client with this server's organization key. */
  ApiClient client() {
    return client(key);
  }

  /**
   * Runs the dispatcher and moves the test clock on a second at a time until {@code done} holds
   * (the demo providers take seconds of the test clock); fails after 120 rounds.
   */
  public void driveUntil(Callable<Boolean> done) throws Exception {
    for (int round = 0; round < 120; round++) {
      if (done.call()) {
        return;
      }
      engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
      engine.clock.advance(Duration.ofSeconds(1));
    }
    throw new AssertionError("not done after 120 dispatcher rounds");
  }

  /**
   * Runs {@code call} (a generated client call the server parks, such as a SYNC create) on another
   * thread and drives the engine until it answers; its result.
   */
  public <T> T driveWhile(Callable<T> call) throws Exception {
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<T> answer = caller.submit(call);
      for (int round = 0; round < 400; round++) {
        try {
          return answer.get(50, TimeUnit.MILLISECONDS);
        } catch (TimeoutException notYet) {
          engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
          engine.clock.advance(Duration.ofSeconds(1));
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
      throw new AssertionError("no answer after 400 dispatcher rounds");
    } finally {
      caller.shutdownNow();
    }
  }

  /**
   * The docs/http-api.md error of a failed generated-client call, parsed with the generated model.
   */
  static ErrorObject error(ApiException e) throws IOException {
    assertThat(e.getResponseBody()).as("error body of a %d", e.getCode()).isNotBlank();
    return new ApiClient()
        .getObjectMapper()
        .readValue(e.getResponseBody(), io.modelroute.generated.model.Error.class)
        .getError();
  }
}
