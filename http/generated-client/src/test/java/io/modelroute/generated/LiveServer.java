package io.modelroute.generated;

import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.db.Dialect;
import io.modelroute.http.ModelRouteServer;
import io.modelroute.http.ServerConfig;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A real ModelRoute server on a random port (real H2, the default catalog, the engine driven by
 * hand with a settable clock) and a generated {@link ApiClient} pointed at it with an
 * organization's key.
 */
final class LiveServer implements AutoCloseable {
  static final String ADMIN_TOKEN = "admin-token-123456";

  final TestEngine engine;
  final ModelRouteServer server;
  final String baseUrl;
  final String key;

  private LiveServer(TestEngine engine, ModelRouteServer server, String key) {
    this.engine = engine;
    this.server = server;
    this.baseUrl = "http://localhost:" + server.port();
    this.key = key;
  }

  /** Starts an engine and a server; a new organization holds {@code credit} USD. */
  static LiveServer start(String credit) {
    TestEngine engine = TestEngine.withDefaultCatalog(Dialect.H2);
    ModelRouteServer server = new ModelRouteServer(engine.modelRoute,
        ServerConfig.defaults(0).withAdminToken(ADMIN_TOKEN)).start();
    String key = engine.modelRoute.organizations().create("generated-client", Money.parse(credit)).key().secret();
    return new LiveServer(engine, server, key);
  }

  /** A new organization with {@code credit} USD; its FULL key. */
  String organization(String credit) {
    return engine.modelRoute.organizations().create("org-" + System.nanoTime(), Money.parse(credit)).key().secret();
  }

  /** A generated client for this server that sends {@code bearer} as its API key. */
  ApiClient client(String bearer) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUrl);
    client.setReadTimeout(Duration.ofSeconds(30));
    // the native library has no authentication support of its own: the documented way is a request interceptor
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
  void driveUntil(BooleanSupplier done) {
    for (int round = 0; round < 120; round++) {
      if (done.getAsBoolean()) {
        return;
      }
      engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
      engine.clock.advance(Duration.ofSeconds(1));
    }
    throw new AssertionError("not done after 120 dispatcher rounds");
  }

  /** One round of the dispatcher, then a second of the test clock. */
  void driveOnce() {
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    engine.clock.advance(Duration.ofSeconds(1));
  }

  @Override
  public void close() {
    server.stop();
    engine.close();
  }
}
