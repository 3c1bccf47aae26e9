package io.modelroute;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.modelroute.auth.ApiKeyService;
import io.modelroute.db.internal.Database;
import io.modelroute.execution.GroupCommitSettings;
import io.modelroute.file.FileService;
import io.modelroute.file.FileStore;
import io.modelroute.internal.Ids;
import io.modelroute.provider.Provider;
import io.modelroute.webhook.WebhookSettings;
import io.modelroute.worker.DispatcherSettings;
import io.modelroute.worker.ProviderLimits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link ModelRoute} needs to start, validated once and then immutable. Build it with
 * {@link #builder()}; every part has a default. Immutable; safe to share. The providers, file store
 * and meter registry it holds are used by the {@link ModelRoute} started with it.
 *
 * @param dataDir where the embedded database ({@code pg/}) and file bytes live by default
 * @param jdbcUrl the database; null means the embedded PostgreSQL under {@code dataDir} (see {@link
 *     io.modelroute.db.internal.LocalPostgres}); {@code jdbc:h2:mem:…} for in-memory use
 * @param dbUser the database user for {@code jdbcUrl}, or null
 * @param dbPassword the database password for {@code jdbcUrl}, or null
 * @param dbPoolSize connections in the pool, at least 2
 * @param clock the engine's clock; tests pass a settable one
 * @param dispatcher the worker settings (threads, poll interval, lease, retries)
 * @param apiKeyCacheTtl how long an authenticated key is cached before it is checked again
 * @param catalogFile a catalog to load instead of the built-in one, or null
 * @param startWorkers whether to start the dispatcher loop (off for admin tools and some tests)
 * @param providers providers besides the built-in {@code demo} (a same-named one replaces it)
 * @param providerLimits circuit breaker and bulkhead settings by provider name; others get {@link
 *     ProviderLimits#DEFAULTS}
 * @param meterRegistry where the engine's meters go; by default an empty composite, to which the
 *     HTTP server adds a Prometheus registry
 * @param maxFileBytes the largest file an upload or a provider output may have
 * @param publicUrl where clients and providers reach the HTTP server (e.g. {@code
 *     https://api.example.com}), used in signed file URLs; null lets the server use each request's
 *     own address, and gives providers input files as bytes only
 * @param webhooks how webhook deliveries are made, incl. {@code webhooks.allow-private-networks}
 * @param groupCommit how concurrent submits share transactions (batch size; {@code 0} = off)
 * @param fileStore where file bytes live; null for a {@link io.modelroute.file.LocalFileStore}
 *     under {@code dataDir/files} (one node). Several nodes need a shared one, e.g. an {@link
 *     io.modelroute.file.S3FileStore}. The caller keeps ownership: {@link ModelRoute} does not
 *     close it.
 */
public record ModelRouteConfig(
    Path dataDir,
    String jdbcUrl,
    String dbUser,
    String dbPassword,
    int dbPoolSize,
    Path catalogFile,
    Clock clock,
    DispatcherSettings dispatcher,
    boolean startWorkers,
    Duration apiKeyCacheTtl,
    long maxFileBytes,
    List<Provider> providers,
    Map<String, ProviderLimits> providerLimits,
    MeterRegistry meterRegistry,
    URI publicUrl,
    WebhookSettings webhooks,
    GroupCommitSettings groupCommit,
    FileStore fileStore) {

  /** Data directory when none is given: {@code ./data}. */
  public static final Path DEFAULT_DATA_DIR = Path.of("data");

  public ModelRouteConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(dispatcher, "dispatcher");
    Objects.requireNonNull(apiKeyCacheTtl, "apiKeyCacheTtl");
    if (dbPoolSize < 2) {
      throw new IllegalArgumentException("dbPoolSize must be at least 2");
    }
    if (maxFileBytes < 1) {
      throw new IllegalArgumentException("maxFileBytes must be positive");
    }
    providers = List.copyOf(providers);
    providerLimits = Map.copyOf(providerLimits);
    Objects.requireNonNull(meterRegistry, "meterRegistry");
    if (publicUrl != null
        && (publicUrl.getHost() == null
            || !("http".equals(publicUrl.getScheme()) || "https".equals(publicUrl.getScheme())))) {
      throw new IllegalArgumentException("publicUrl must be an absolute http(s) URL: " + publicUrl);
    }
    Objects.requireNonNull(webhooks, "webhooks");
    Objects.requireNonNull(groupCommit, "groupCommit");
  }

  /** A builder with every default; set what differs, then {@link Builder#build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Fluent builder with the documented defaults. Not thread-safe. */
  public static final class Builder {
    private Path dataDir = DEFAULT_DATA_DIR;
    private String jdbcUrl;
    private String dbUser;
    private String dbPassword;
    private int dbPoolSize = Database.DEFAULT_POOL_SIZE;
    private Path catalogFile;
    private Clock clock = Clock.systemUTC();
    private DispatcherSettings dispatcher;
    private boolean startWorkers = true;
    private Duration apiKeyCacheTtl = ApiKeyService.DEFAULT_CACHE_TTL;
    private long maxFileBytes = FileService.DEFAULT_MAX_BYTES;
    private List<Provider> providers = List.of();
    private Map<String, ProviderLimits> providerLimits = Map.of();
    private MeterRegistry meterRegistry;
    private URI publicUrl;
    private WebhookSettings webhooks = WebhookSettings.defaults();
    private GroupCommitSettings groupCommit = GroupCommitSettings.defaults();
    private FileStore fileStore;

    private Builder() {}

    /** Where the embedded database and local files live; default {@code ./data}. */
    public Builder dataDir(Path v) {
      this.dataDir = v;
      return this;
    }

    /**
     * An external database ({@code jdbc:postgresql://…} or {@code jdbc:h2:…}); default none: the
     * embedded PostgreSQL under the data directory.
     */
    public Builder jdbcUrl(String v) {
      this.jdbcUrl = v;
      return this;
    }

    /** The user for {@link #jdbcUrl}; default none. */
    public Builder dbUser(String v) {
      this.dbUser = v;
      return this;
    }

    /** The password for {@link #jdbcUrl}; default none. */
    public Builder dbPassword(String v) {
      this.dbPassword = v;
      return this;
    }

    /** Connections in the pool, at least 2; default 16. */
    public Builder dbPoolSize(int v) {
      this.dbPoolSize = v;
      return this;
    }

    /** A catalog YAML to load instead of the built-in catalog. */
    public Builder catalogFile(Path v) {
      this.catalogFile = v;
      return this;
    }

    /** The engine's clock; default UTC system time. Tests pass a settable clock. */
    public Builder clock(Clock v) {
      this.clock = v;
      return this;
    }

    /**
     * The worker settings; default {@link DispatcherSettings#defaults} with a node id made from the
     * process id.
     */
    public Builder dispatcher(DispatcherSettings v) {
      this.dispatcher = v;
      return this;
    }

    /**
     * Whether {@link ModelRoute#start} starts the dispatcher, sweeper, webhook worker and cluster
     * heartbeat; default true. False for admin tools and tests that drive {@code runOnce}.
     */
    public Builder startWorkers(boolean v) {
      this.startWorkers = v;
      return this;
    }

    /** How long an authenticated API key is cached; default 2 s. */
    public Builder apiKeyCacheTtl(Duration v) {
      this.apiKeyCacheTtl = v;
      return this;
    }

    /** The largest file an upload or a provider output may have; default 150 MB. */
    public Builder maxFileBytes(long v) {
      this.maxFileBytes = v;
      return this;
    }

    /** Providers besides the built-in {@code demo}; a provider with the same name replaces it. */
    public Builder providers(List<Provider> v) {
      this.providers = v;
      return this;
    }

    /**
     * Breaker and bulkhead settings by provider name; others get {@link ProviderLimits#DEFAULTS}.
     */
    public Builder providerLimits(Map<String, ProviderLimits> v) {
      this.providerLimits = v;
      return this;
    }

    /** Where the engine's meters go; default an empty composite registry. */
    public Builder meterRegistry(MeterRegistry v) {
      this.meterRegistry = v;
      return this;
    }

    /** The absolute http(s) address clients and providers reach the server at; default none. */
    public Builder publicUrl(URI v) {
      this.publicUrl = v;
      return this;
    }

    /** How webhook deliveries are made; default {@link WebhookSettings#defaults()}. */
    public Builder webhooks(WebhookSettings v) {
      this.webhooks = v;
      return this;
    }

    /**
     * How concurrent submits share transactions; default {@link GroupCommitSettings#defaults()}.
     */
    public Builder groupCommit(GroupCommitSettings v) {
      this.groupCommit = v;
      return this;
    }

    /** Where file bytes live; null (the default) for local files under {@code dataDir/files}. */
    public Builder fileStore(FileStore v) {
      this.fileStore = v;
      return this;
    }

    /**
     * {@code webhooks.allow-private-networks}: let webhooks reach private addresses and plain http
     * (dev, tests).
     */
    public Builder allowPrivateWebhooks(boolean v) {
      this.webhooks = webhooks.withAllowPrivateNetworks(v);
      return this;
    }

    /**
     * Validates and returns the configuration; throws {@link IllegalArgumentException} for a bad
     * value.
     */
    public ModelRouteConfig build() {
      DispatcherSettings d =
          dispatcher != null
              ? dispatcher
              : DispatcherSettings.defaults(
                  "node-" + ProcessHandle.current().pid() + "-" + Ids.randomHex(3));
      return new ModelRouteConfig(
          dataDir,
          jdbcUrl,
          dbUser,
          dbPassword,
          dbPoolSize,
          catalogFile,
          clock,
          d,
          startWorkers,
          apiKeyCacheTtl,
          maxFileBytes,
          providers,
          providerLimits,
          meterRegistry != null ? meterRegistry : new CompositeMeterRegistry(),
          publicUrl,
          webhooks,
          groupCommit,
          fileStore);
    }
  }
}
