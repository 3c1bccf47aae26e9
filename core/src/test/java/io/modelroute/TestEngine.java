package io.modelroute;

import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.TestDatabases;
import io.modelroute.internal.Ids;
import io.modelroute.provider.Provider;
import io.modelroute.worker.DispatcherSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real engine for tests: a fresh database of the given kind, a temporary data directory, the test
 * catalog, a settable clock, no background loop (tests call {@code runOnce}) and webhooks allowed
 * to reach local receivers ({@code webhooks.allow-private-networks}).
 */
public final class TestEngine implements AutoCloseable {
  public final ModelRoute modelRoute;
  public final SettableClock clock;
  public final Path dataDir;

  private TestEngine(
      Dialect dialect,
      List<Provider> providers,
      boolean startWorkers,
      Path catalog,
      java.util.Map<String, io.modelroute.worker.ProviderLimits> limits,
      UnaryOperator<ModelRouteConfig.Builder> tweak) {
    try {
      this.dataDir = Files.createTempDirectory("modelroute-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.clock = SettableClock.atNow();
    this.modelRoute =
        ModelRoute.start(
            tweak
                .apply(
                    ModelRouteConfig.builder()
                        .dataDir(dataDir)
                        .jdbcUrl(TestDatabases.jdbcUrl(dialect))
                        .dbUser(TestDatabases.user(dialect))
                        .dbPassword(TestDatabases.password(dialect))
                        .dbPoolSize(24)
                        .catalogFile(catalog)
                        .clock(clock)
                        .startWorkers(startWorkers)
                        .dispatcher(
                            new DispatcherSettings(
                                "test-node",
                                8,
                                Duration.ofMillis(50),
                                Duration.ofSeconds(60),
                                3,
                                Duration.ofSeconds(1)))
                        .providers(providers)
                        .providerLimits(limits)
                        .allowPrivateWebhooks(true))
                .build());
  }

  public static TestEngine start(Dialect dialect, Provider... providers) {
    return new TestEngine(
        dialect, List.of(providers), false, testCatalog(), java.util.Map.of(), b -> b);
  }

  /** Like {@link #start} with circuit breaker / bulkhead settings per provider. */
  public static TestEngine start(
      Dialect dialect,
      java.util.Map<String, io.modelroute.worker.ProviderLimits> limits,
      Provider... providers) {
    return new TestEngine(dialect, List.of(providers), false, testCatalog(), limits, b -> b);
  }

  /** An engine on the test catalog whose configuration {@code customize} adjusts last. */
  public static TestEngine start(
      Dialect dialect, UnaryOperator<ModelRouteConfig.Builder> customize) {
    return new TestEngine(dialect, List.of(), false, testCatalog(), java.util.Map.of(), customize);
  }

  /** An engine on the built-in default catalog (flux-1.1-pro, …), driven by hand. */
  public static TestEngine withDefaultCatalog(Dialect dialect) {
    return new TestEngine(dialect, List.of(), false, null, java.util.Map.of(), b -> b);
  }

  /**
   * An engine on the built-in default catalog, driven by hand, with {@code tweak} applied to its
   * configuration (e.g. a small {@code maxFileBytes}) and {@code providers} added (a provider named
   * {@code demo} replaces the built-in one).
   */
  public static TestEngine withDefaultCatalog(
      Dialect dialect, UnaryOperator<ModelRouteConfig.Builder> tweak, Provider... providers) {
    return new TestEngine(dialect, List.of(providers), false, null, java.util.Map.of(), tweak);
  }

  /**
   * One node of a test cluster on the embedded PostgreSQL at {@code url}: a fresh data directory, a
   * pool of 6 and a dispatcher named {@code nodeId} with {@code threads} slots that polls every 50
   * ms (lease 60 s). Callers add the catalog ({@link #testCatalog()} in core's own tests; the
   * default one elsewhere, where the test catalog is inside a jar), clock, workers and providers.
   */
  public static ModelRouteConfig.Builder clusterNode(String url, String nodeId, int threads)
      throws IOException {
    return ModelRouteConfig.builder()
        .dataDir(Files.createTempDirectory("node"))
        .jdbcUrl(url)
        .dbUser(TestDatabases.user(Dialect.POSTGRESQL))
        .dbPassword(TestDatabases.password(Dialect.POSTGRESQL))
        .dbPoolSize(6)
        .dispatcher(
            new DispatcherSettings(
                nodeId,
                threads,
                Duration.ofMillis(50),
                Duration.ofSeconds(60),
                3,
                Duration.ofSeconds(1)));
  }

  public static Path testCatalog() {
    try {
      return Path.of(TestEngine.class.getResource("/test-catalog.yaml").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new organization with {@code credit} and the principal of its FULL key. */
  public Principal organization(String credit) {
    var created = modelRoute.organizations().create("org-" + Ids.randomHex(4), Money.parse(credit));
    return modelRoute.apiKeys().authenticate(created.key().secret());
  }

  @Override
  public void close() {
    modelRoute.close();
  }
}
