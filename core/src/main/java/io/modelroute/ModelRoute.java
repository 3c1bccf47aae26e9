package io.modelroute;

import io.modelroute.auth.ApiKeyService;
import io.modelroute.auth.ConsoleSessions;
import io.modelroute.auth.OrganizationService;
import io.modelroute.auth.internal.JdbiApiKeyStore;
import io.modelroute.auth.internal.JdbiOrganizationStore;
import io.modelroute.billing.BillingService;
import io.modelroute.billing.internal.JdbiLedgerStore;
import io.modelroute.billing.internal.TransactionIds;
import io.modelroute.catalog.Catalog;
import io.modelroute.catalog.InputValidator;
import io.modelroute.cluster.Cluster;
import io.modelroute.db.internal.Database;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.ServerSettings;
import io.modelroute.execution.ClusterSignals;
import io.modelroute.execution.ExecutionService;
import io.modelroute.execution.ExecutionWatch;
import io.modelroute.execution.JdbiExecutionStore;
import io.modelroute.execution.internal.JdbiEventStore;
import io.modelroute.file.FileService;
import io.modelroute.file.FileStore;
import io.modelroute.file.FileSweeper;
import io.modelroute.file.LocalFileStore;
import io.modelroute.idempotency.internal.JdbiIdempotencyStore;
import io.modelroute.internal.Ids;
import io.modelroute.metrics.internal.EngineMetrics;
import io.modelroute.provider.Provider;
import io.modelroute.provider.demo.DemoProvider;
import io.modelroute.webhook.DeliveryWorker;
import io.modelroute.webhook.WebhookService;
import io.modelroute.webhook.Webhooks;
import io.modelroute.worker.Dispatcher;
import io.modelroute.worker.ProviderLimits;
import io.modelroute.worker.internal.CallbackUrls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The front door of the library: wires the database, stores, services and dispatcher from one
 * {@link ModelRouteConfig}. Embed it in any JVM program, or let the HTTP server wrap it.
 *
 * <pre>{@code
 * try (ModelRoute mr = ModelRoute.start(ModelRouteConfig.builder().dataDir(Path.of("data")).build())) {
 *   var org = mr.organizations().create("acme", Money.parse("25.00"));
 *   Principal p = mr.apiKeys().authenticate(org.key().secret());
 *   var created = mr.executions().create(p, CreateExecution.of("flux-1.1-pro", input), null, null);
 * }
 * }</pre>
 *
 * <p>Start one per database and process with {@link #start}; its services are thread-safe and meant
 * to be shared. Thread-safe. Close it to stop the workers (gracefully) and the connection pool.
 */
public final class ModelRoute implements AutoCloseable {
  private final ModelRouteConfig config;
  private final Database database;
  private final Catalog catalog;
  private final OrganizationService organizations;
  private final ApiKeyService apiKeys;
  private final ConsoleSessions consoleSessions;
  private final BillingService billing;
  private final ExecutionService executions;
  private final FileService files;
  private final FileSweeper fileSweeper;
  private final Dispatcher dispatcher;
  private final ExecutionWatch watch;
  private final ClusterSignals signals;
  private final EngineMetrics metrics;
  private final Webhooks webhooks;
  private final Cluster cluster;

  private ModelRoute(ModelRouteConfig config) throws IOException {
    this.config = config;
    Files.createDirectories(config.dataDir());
    this.catalog =
        config.catalogFile() == null ? Catalog.loadDefault() : Catalog.load(config.catalogFile());
    // no JDBC URL: the local PostgreSQL of the data directory; a node running workers owns it
    this.database =
        config.jdbcUrl() == null
            ? Database.openLocal(config.dataDir(), config.dbPoolSize(), config.startWorkers())
            : Database.open(
                config.jdbcUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize());
    var jdbi = database.jdbi();
    var clock = config.clock();
    var ledger = new JdbiLedgerStore(database.dialect());
    var orgStore = new JdbiOrganizationStore();
    this.apiKeys =
        new ApiKeyService(jdbi, new JdbiApiKeyStore(), orgStore, clock, config.apiKeyCacheTtl());
    this.organizations = new OrganizationService(jdbi, orgStore, ledger, apiKeys, clock);
    this.consoleSessions = new ConsoleSessions(jdbi, apiKeys, clock);
    ServerSettings settings = new ServerSettings(jdbi, clock);
    this.billing =
        new BillingService(
            jdbi,
            ledger,
            clock,
            new TransactionIds(
                Base64.getDecoder()
                    .decode(
                        settings.getOrCreate(
                            "transaction_id_key",
                            () -> Base64.getEncoder().encodeToString(Ids.randomBytes(16))))));
    byte[] urlKey =
        Base64.getDecoder()
            .decode(
                settings.getOrCreate(
                    "file_url_signing_key",
                    () -> Base64.getEncoder().encodeToString(Ids.randomBytes(32))));
    FileStore fileStore =
        config.fileStore() != null
            ? config.fileStore()
            : new LocalFileStore(config.dataDir().resolve("files"));
    this.files =
        new FileService(jdbi, fileStore, clock, config.maxFileBytes(), urlKey, config.publicUrl());
    this.fileSweeper = new FileSweeper(files, clock, FileSweeper.DEFAULT_INTERVAL);
    var executionStore = new JdbiExecutionStore(database.dialect());
    this.webhooks =
        Webhooks.create(
            jdbi, database.dialect(), clock, config.webhooks(), config.dispatcher().nodeId());
    this.watch = new ExecutionWatch(jdbi, executionStore, ExecutionWatch.DEFAULT_RECHECK);
    // several nodes share one PostgreSQL: they tell each other of changes; H2 is one node and needs
    // nothing
    this.signals =
        database.dialect() == Dialect.POSTGRESQL
            ? ClusterSignals.start(
                database, config.dispatcher().nodeId(), watch, config.meterRegistry())
            : null;
    if (signals != null) {
      signals.follow(apiKeys.cacheVersion()); // a revocation reaches the other nodes at commit
    }
    var events =
        new JdbiEventStore(
            signals == null
                ? List.of(webhooks.fanOut())
                : List.of(webhooks.fanOut(), signals.outbox()));
    this.executions =
        new ExecutionService(
            jdbi,
            catalog,
            new InputValidator(catalog),
            executionStore,
            ledger,
            new JdbiIdempotencyStore(database.dialect()),
            events,
            files,
            clock,
            webhooks.urlPolicy(),
            config.groupCommit());
    Map<String, Provider> providers = new LinkedHashMap<>();
    Provider demo = new DemoProvider();
    providers.put(demo.name(), demo);
    for (Provider p : config.providers()) {
      providers.put(p.name(), p);
    }
    executions.addListener(watch);
    this.metrics = new EngineMetrics(config.meterRegistry(), jdbi);
    executions.addListener(metrics);
    io.micrometer.core.instrument.Gauge.builder(
            "modelroute.waiting.requests", watch, ExecutionWatch::waiting)
        .description("SYNC requests and event streams waiting on executions")
        .register(config.meterRegistry());
    // a PostgreSQL named by URL may be shared by other nodes: limits are then enforced together
    this.cluster =
        new Cluster(
            jdbi,
            database.dialect() == Dialect.POSTGRESQL && config.jdbcUrl() != null,
            config.dispatcher().nodeId(),
            config.startWorkers() ? config.dispatcher().threads() : 0,
            clock,
            config.dispatcher().lease());
    this.dispatcher =
        new Dispatcher(
            executions,
            catalog,
            providers,
            files,
            clock,
            config.dispatcher(),
            limits(config),
            watch,
            metrics,
            new CallbackUrls(
                config.publicUrl(),
                Base64.getDecoder()
                    .decode(
                        settings.getOrCreate(
                            "callback_signing_key",
                            () -> Base64.getEncoder().encodeToString(Ids.randomBytes(32))))),
            cluster.permits());
  }

  /**
   * The configured provider limits, with the local demo provider's jobs unbounded unless
   * configured.
   */
  private static Map<String, ProviderLimits> limits(ModelRouteConfig config) {
    Map<String, ProviderLimits> limits = new LinkedHashMap<>();
    limits.put(DemoProvider.NAME, ProviderLimits.LOCAL);
    limits.putAll(config.providerLimits());
    return limits;
  }

  /**
   * Opens the database (migrating it), loads the catalog and, if configured, starts the workers.
   */
  public static ModelRoute start(ModelRouteConfig config) {
    ModelRoute mr;
    try {
      mr = new ModelRoute(config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare data directory " + config.dataDir(), e);
    }
    if (config.startWorkers()) {
      mr.cluster.start();
      mr.dispatcher.start();
      mr.fileSweeper.start();
      mr.webhooks.worker().start();
    }
    return mr;
  }

  /** The configuration this instance was started with. */
  public ModelRouteConfig config() {
    return config;
  }

  /**
   * Internal: the connection pool and dialect, for the HTTP layer and tests; not API (its type is
   * in an {@code internal} package and may change without notice).
   */
  public Database database() {
    return database;
  }

  /** The model catalog loaded at start (built-in or {@link ModelRouteConfig#catalogFile()}). */
  public Catalog catalog() {
    return catalog;
  }

  /** Organizations: create, find, top up; one per instance, thread-safe. */
  public OrganizationService organizations() {
    return organizations;
  }

  /** API keys: create, authenticate, revoke, rotate; one per instance, thread-safe. */
  public ApiKeyService apiKeys() {
    return apiKeys;
  }

  /** The web console's sign-in sessions (shared by the nodes through the database). */
  public ConsoleSessions consoleSessions() {
    return consoleSessions;
  }

  /** Balances and the ledger of each organization; one per instance, thread-safe. */
  public BillingService billing() {
    return billing;
  }

  /** Executions: create, get, list, cancel and listen; one per instance, thread-safe. */
  public ExecutionService executions() {
    return executions;
  }

  /** Files: upload, open, signed URLs and retention; one per instance, thread-safe. */
  public FileService files() {
    return files;
  }

  /** File retention; runs in the background when workers run, tests call its {@code runOnce}. */
  public FileSweeper fileSweeper() {
    return fileSweeper;
  }

  /**
   * The worker that claims queued executions and calls providers; tests drive it with {@link
   * Dispatcher#runOnce} when workers were not started.
   */
  public Dispatcher dispatcher() {
    return dispatcher;
  }

  /** This node's membership of the cluster (nodes, heartbeats) and the limits nodes share. */
  public Cluster cluster() {
    return cluster;
  }

  /**
   * Internal: waiting for executions without threads (SYNC requests and event streams), for the
   * HTTP layer; not API.
   */
  public ExecutionWatch watch() {
    return watch;
  }

  /**
   * Internal: the cross-node events of a PostgreSQL cluster (LISTEN/NOTIFY), for operators and
   * tests; empty on H2, which is one node. Not API.
   */
  public java.util.Optional<ClusterSignals> clusterSignals() {
    return java.util.Optional.ofNullable(signals);
  }

  /**
   * Internal: the engine's meters, for the HTTP layer; not API. {@code metrics().registry()} is the
   * configured registry.
   */
  public EngineMetrics metrics() {
    return metrics;
  }

  /** Webhook endpoints and their deliveries; one per instance, thread-safe. */
  public WebhookService webhooks() {
    return webhooks.service();
  }

  /** The webhook delivery worker; tests and tools drive it with {@code runOnce(now)}. */
  public DeliveryWorker webhookWorker() {
    return webhooks.worker();
  }

  /** Whether the database answers and, when workers were asked for, they run. */
  public boolean isReady() {
    return database.isReachable()
        && (!config.startWorkers() || (dispatcher.isRunning() && webhooks.worker().isRunning()));
  }

  /**
   * Makes sure the development organization {@code dev} exists with credit and returns a FULL key
   * for it, kept in {@code keyFile} so every start prints the same key. Creates the organization
   * (with 100.000 credit) only once.
   */
  public String ensureDevOrganization(Path keyFile) {
    try {
      if (Files.isRegularFile(keyFile)) {
        String key = Files.readString(keyFile).strip();
        try {
          apiKeys.authenticate(key);
          return key;
        } catch (ModelRouteException e) {
          // stale file (database reset or key revoked): make a new key below
        }
      }
      String key =
          organizations
              .findByName("dev")
              .map(
                  org ->
                      apiKeys.create(org.id(), "dev", io.modelroute.auth.Permission.FULL).secret())
              .orElseGet(this::createDevOrganization);
      Files.createDirectories(keyFile.toAbsolutePath().getParent());
      Files.writeString(keyFile, key + "\n");
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + keyFile, e);
    }
  }

  /** Creates {@code dev}, or takes a key on the one another node of the cluster created first. */
  private String createDevOrganization() {
    try {
      return organizations.create("dev", Money.parse("100.000")).key().secret();
    } catch (ModelRouteException e) {
      if (e.code() != io.modelroute.ErrorCode.CONFLICT) {
        throw e;
      }
      String orgId = organizations.findByName("dev").orElseThrow(() -> e).id();
      return apiKeys.create(orgId, "dev", io.modelroute.auth.Permission.FULL).secret();
    }
  }

  /**
   * Stops the workers gracefully (in-flight work finishes or its leases are released) and closes
   * the pool.
   */
  @Override
  public void close() {
    fileSweeper.close();
    dispatcher.shutdown(Duration.ofSeconds(10));
    cluster.stop(true);
    executions.lifecycle().close();
    if (signals != null) {
      signals.close();
    }
    watch.close();
    webhooks.worker().shutdown(Duration.ofSeconds(10));
    executions.close();
    database.close();
  }
}
