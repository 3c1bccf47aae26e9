package io.modelroute.cli;

import io.modelroute.ModelRoute;
import io.modelroute.execution.GroupCommitSettings;
import io.modelroute.file.S3FileStore;
import io.modelroute.file.S3Settings;
import io.modelroute.http.ModelRouteServer;
import io.modelroute.http.ServerConfig;
import io.modelroute.worker.DispatcherSettings;
import io.modelroute.worker.ProviderLimits;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code modelroute serve}: runs the HTTP API and the workers until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Start the ModelRoute server (HTTP API + workers).")
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions db;

  @Option(
      names = "--dev",
      description =
          "Development mode: create a 'dev' organization with 100.000 credit and print its key;"
              + " enable /admin/v1 with a generated admin token kept in <data-dir>/dev-admin-token (unless --admin-token is set);"
              + " implies --allow-private-webhooks")
  boolean dev;

  @Option(
      names = "--allow-private-webhooks",
      defaultValue = "${env:MODELROUTE_ALLOW_PRIVATE_WEBHOOKS:-false}",
      description =
          "webhooks.allow-private-networks: let webhooks reach localhost, private networks and plain http"
              + " (development only; env MODELROUTE_ALLOW_PRIVATE_WEBHOOKS)")
  boolean allowPrivateWebhooks;

  @Option(
      names = "--port",
      defaultValue = "${env:MODELROUTE_PORT:-8080}",
      description = "TCP port (env MODELROUTE_PORT; default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--host",
      defaultValue = "${env:MODELROUTE_HOST:-0.0.0.0}",
      description = "Interface to bind (default ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--admin-token",
      defaultValue = "${env:MODELROUTE_ADMIN_TOKEN}",
      description =
          "Enables /admin/v1 with this bearer token (env MODELROUTE_ADMIN_TOKEN; min 16 chars)")
  String adminToken;

  @Option(
      names = "--workers",
      defaultValue = "16",
      description = "Worker threads (default ${DEFAULT-VALUE})")
  int workers;

  @Option(
      names = "--no-workers",
      description = "Serve the API only; another node (sharing the database) runs the executions")
  boolean noWorkers;

  @Option(
      names = "--rate-limit",
      defaultValue = "60",
      description = "Requests per second per API key (default ${DEFAULT-VALUE})")
  int rateLimit;

  @Option(
      names = "--rate-burst",
      defaultValue = "120",
      description = "Burst per API key (default ${DEFAULT-VALUE})")
  int rateBurst;

  @Option(
      names = "--header-timeout",
      defaultValue = "${env:MODELROUTE_HEADER_TIMEOUT:-10}",
      description =
          "Seconds a connection may take to send a request's line and headers before it is closed"
              + " (slowloris; env MODELROUTE_HEADER_TIMEOUT; default ${DEFAULT-VALUE})")
  int headerTimeoutSeconds;

  @Option(
      names = "--max-connections-per-ip",
      defaultValue = "${env:MODELROUTE_MAX_CONNECTIONS_PER_IP:-512}",
      description =
          "Most connections one client address may hold open; 0 = no cap. Raise it or use 0 behind a"
              + " reverse proxy, where every client has the proxy's address (env MODELROUTE_MAX_CONNECTIONS_PER_IP;"
              + " default ${DEFAULT-VALUE})")
  int maxConnectionsPerIp;

  @Option(
      names = "--node-id",
      defaultValue = "${env:MODELROUTE_NODE_ID}",
      description =
          "This node's name in work leases; default: generated once and kept in <data-dir>/node-id")
  String nodeId;

  @Option(
      names = "--lease",
      defaultValue = "${env:MODELROUTE_LEASE_SECONDS:-60}",
      description =
          "Seconds a claimed execution stays this node's without a heartbeat (heartbeats every third of it);"
              + " when a node dies, others take its work over after at most this long (env MODELROUTE_LEASE_SECONDS;"
              + " default ${DEFAULT-VALUE})")
  int leaseSeconds;

  @Option(
      names = "--max-concurrent",
      split = ",",
      paramLabel = "PROVIDER=N",
      defaultValue = "${env:MODELROUTE_MAX_CONCURRENT}",
      description =
          "Bulkhead: the most executions in flight at a provider, e.g. openai=8 (repeatable or comma-separated;"
              + " on a shared PostgreSQL the limit holds for all nodes together; env MODELROUTE_MAX_CONCURRENT;"
              + " default: three quarters of the worker slots, per node)")
  List<String> maxConcurrent;

  @Option(
      names = "--max-file-mb",
      defaultValue = "${env:MODELROUTE_MAX_FILE_MB:-150}",
      description =
          "Largest file an upload may have, in MB (env MODELROUTE_MAX_FILE_MB; default ${DEFAULT-VALUE})")
  long maxFileMb;

  @Option(
      names = "--public-url",
      defaultValue = "${env:MODELROUTE_PUBLIC_URL}",
      description =
          "Base URL clients and providers reach this server at, for signed file URLs, e.g. "
              + "https://api.example.com (env MODELROUTE_PUBLIC_URL; default: each request's own address)")
  String publicUrl;

  @Option(
      names = "--file-store",
      defaultValue = "${env:MODELROUTE_FILE_STORE:-local}",
      description =
          "Where file bytes live: 'local' (<data-dir>/files, one node) or s3://bucket[/prefix], an S3-compatible"
              + " bucket all nodes share; credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the AWS default chain"
              + " (env MODELROUTE_FILE_STORE; default ${DEFAULT-VALUE}; see docs/object-storage.md)")
  String fileStore;

  @Option(
      names = "--s3-endpoint",
      defaultValue = "${env:MODELROUTE_S3_ENDPOINT}",
      description =
          "URL of an S3-compatible server (MinIO, Ceph, R2, S3Proxy, ...), e.g. http://minio:9000;"
              + " default: AWS S3 (env MODELROUTE_S3_ENDPOINT)")
  String s3Endpoint;

  @Option(
      names = "--s3-region",
      defaultValue = "${env:MODELROUTE_S3_REGION}",
      description =
          "Signing region of the bucket; default: AWS_REGION, else us-east-1 with --s3-endpoint,"
              + " else the AWS default chain (env MODELROUTE_S3_REGION)")
  String s3Region;

  @Option(
      names = "--s3-path-style",
      defaultValue = "${env:MODELROUTE_S3_PATH_STYLE:-false}",
      description =
          "Address the bucket as <endpoint>/<bucket> instead of <bucket>.<endpoint>, as most"
              + " self-hosted servers need (env MODELROUTE_S3_PATH_STYLE)")
  boolean s3PathStyle;

  @Option(
      names = "--submit-batch-size",
      defaultValue = "${env:MODELROUTE_SUBMIT_BATCH_SIZE:-128}",
      description =
          "Most submits one group commit writes; 0 commits each alone (env MODELROUTE_SUBMIT_BATCH_SIZE; default ${DEFAULT-VALUE})")
  int submitBatchSize;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (headerTimeoutSeconds < 1 || headerTimeoutSeconds > 3600) {
      throw new ParameterException(
          spec.commandLine(), "--header-timeout must be between 1 and 3600 seconds");
    }
    if (maxConnectionsPerIp < 0) {
      throw new ParameterException(
          spec.commandLine(), "--max-connections-per-ip must be 0 (no cap) or positive");
    }
    if (leaseSeconds < 3 || leaseSeconds > 3600) {
      throw new ParameterException(
          spec.commandLine(), "--lease must be between 3 and 3600 seconds");
    }
    var builder = db.config().maxFileBytes(maxFileBytes()).publicUrl(publicUri());
    DispatcherSettings defaults = builder.build().dispatcher();
    builder.dispatcher(
        new DispatcherSettings(
            nodeId(),
            workers,
            defaults.pollInterval(),
            Duration.ofSeconds(leaseSeconds),
            defaults.maxAttemptsPerRoute(),
            defaults.retryBaseDelay()));
    builder.providerLimits(providerLimits());
    builder.startWorkers(!noWorkers);
    builder.groupCommit(groupCommit());
    var providers = ProviderEnvironment.fromEnvironment(System.getenv());
    builder.providers(providers);
    // one Prometheus registry from the start, scraped at /metrics
    builder.meterRegistry(
        new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
            io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT));
    builder.allowPrivateWebhooks(dev || allowPrivateWebhooks);
    String configuredToken = adminToken == null || adminToken.isBlank() ? null : adminToken.strip();
    String token =
        configuredToken == null && dev
            ? DevAdminToken.ensure(db.dataDir.resolve(DevAdminToken.FILE))
            : configuredToken;
    S3FileStore s3 = s3FileStore();
    builder.fileStore(s3);
    ModelRoute modelRoute;
    ModelRouteServer server;
    try {
      modelRoute = ModelRoute.start(builder.build());
    } catch (RuntimeException e) {
      closeQuietly(s3);
      throw e;
    }
    try {
      server =
          new ModelRouteServer(
                  modelRoute,
                  new ServerConfig(
                      host,
                      port,
                      token,
                      rateLimit,
                      rateBurst,
                      ServerConfig.DEFAULT_MAX_JSON_BODY,
                      java.time.Duration.ofSeconds(headerTimeoutSeconds),
                      maxConnectionsPerIp))
              .start();
    } catch (RuntimeException e) {
      modelRoute.close();
      closeQuietly(s3);
      throw e;
    }
    out.println("ModelRoute listening on http://localhost:" + server.port());
    out.println(
        "console: http://localhost:"
            + server.port()
            + "/console   API docs: http://localhost:"
            + server.port()
            + "/api-docs");
    out.println(
        "providers: demo"
            + providers.stream().map(p -> ", " + p.name()).reduce("", String::concat)
            + "; catalog: "
            + modelRoute.catalog().models().size()
            + " models");
    out.println(
        "files: " + (s3 == null ? "local, under " + db.dataDir.resolve("files") : s3.settings()));
    if (dev || allowPrivateWebhooks) {
      out.println(
          "webhooks may reach private networks and plain http (webhooks.allow-private-networks)");
    }
    if (dev) {
      String key = modelRoute.ensureDevOrganization(db.dataDir.resolve("dev-api-key"));
      out.println("dev API key: " + key);
      out.println("(also in " + db.dataDir.resolve("dev-api-key") + ")");
      if (configuredToken == null) {
        out.println(
            "dev admin token: "
                + token
                + "   (/admin/v1; also in "
                + db.dataDir.resolve(DevAdminToken.FILE)
                + ")");
      } else {
        out.println("admin API enabled with the configured admin token (/admin/v1)");
      }
    }
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean stopping =
        new java.util.concurrent.atomic.AtomicBoolean();
    Runnable graceful =
        () -> {
          if (stopping.compareAndSet(false, true)) {
            server.stop(); // stop accepting; in-flight requests get up to 10 s
            modelRoute.close(); // workers finish or give their leases back; then the pool closes
            closeQuietly(s3);
            stopped.countDown();
          }
        };
    // SIGTERM / SIGINT are handled before the JVM's own shutdown starts, so the embedded database
    // (which closes itself in a JVM shutdown hook) is still open while work drains
    for (String signal : new String[] {"TERM", "INT"}) {
      try {
        // the drained server returns from call() below and Main, the only exit, ends the JVM
        Signals.handle(signal, () -> new Thread(graceful, "modelroute-shutdown").start());
      } catch (IllegalArgumentException unsupported) {
        // not on this platform: the shutdown hook below still stops what it can
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(graceful, "modelroute-shutdown-hook"));
    stopped.await();
    return 0;
  }

  /**
   * A stable node id, so that after a crash and restart this node takes back its own leased work at
   * once instead of waiting for the leases to expire.
   */
  /**
   * {@code --max-concurrent openai=8,fal=4} as provider limits with the default breaker settings.
   */
  private Map<String, ProviderLimits> providerLimits() {
    Map<String, ProviderLimits> out = new HashMap<>();
    if (maxConcurrent == null) {
      return out;
    }
    for (String item : maxConcurrent) {
      if (item == null || item.isBlank()) {
        continue;
      }
      String[] parts = item.split("=", 2);
      int limit;
      try {
        limit = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : -1;
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (parts[0].isBlank() || limit < 1) {
        throw new ParameterException(
            spec.commandLine(),
            "--max-concurrent takes PROVIDER=N with N at least 1, e.g. openai=8; got '"
                + item.strip()
                + "'");
      }
      out.put(
          parts[0].strip(),
          new ProviderLimits(
              ProviderLimits.DEFAULT_FAILURE_THRESHOLD,
              ProviderLimits.DEFAULT_OPEN_DURATION,
              limit));
    }
    return out;
  }

  private String nodeId() throws java.io.IOException {
    if (nodeId != null && !nodeId.isBlank()) {
      return nodeId;
    }
    java.nio.file.Path file = db.dataDir.resolve("node-id");
    if (java.nio.file.Files.isRegularFile(file)) {
      return java.nio.file.Files.readString(file).strip();
    }
    java.nio.file.Files.createDirectories(db.dataDir);
    String id = "node-" + io.modelroute.internal.Ids.randomHex(6);
    java.nio.file.Files.writeString(file, id + "\n");
    return id;
  }

  private long maxFileBytes() {
    if (maxFileMb < 1 || maxFileMb > 1024 * 1024) {
      throw new ParameterException(
          spec.commandLine(), "--max-file-mb must be between 1 and 1048576");
    }
    return maxFileMb * 1024 * 1024;
  }

  /**
   * The S3 file store {@code --file-store s3://…} names, connected and checked (the bucket exists
   * and the credentials reach it); null for local files. A malformed setting is a usage error; an
   * unreachable bucket fails with what went wrong.
   */
  private S3FileStore s3FileStore() throws java.io.IOException {
    String where = fileStore == null ? "" : fileStore.strip();
    if (where.isEmpty() || "local".equals(where)) {
      for (String flag : new String[] {"--s3-endpoint", "--s3-region", "--s3-path-style"}) {
        if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
          throw new ParameterException(
              spec.commandLine(), flag + " needs --file-store s3://bucket[/prefix]");
        }
      }
      return null;
    }
    S3Settings settings;
    try {
      settings = S3Settings.parse(where, s3Endpoint, s3Region, s3PathStyle);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--file-store: " + e.getMessage());
    }
    try {
      return S3FileStore.connect(settings);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--file-store: " + e.getMessage());
    }
  }

  private static void closeQuietly(S3FileStore s3) {
    if (s3 != null) {
      s3.close();
    }
  }

  private GroupCommitSettings groupCommit() {
    if (submitBatchSize < 0 || submitBatchSize > GroupCommitSettings.MAX_BATCH_LIMIT) {
      throw new ParameterException(
          spec.commandLine(),
          "--submit-batch-size must be between 0 (off) and " + GroupCommitSettings.MAX_BATCH_LIMIT);
    }
    return GroupCommitSettings.defaults().withMaxBatch(submitBatchSize);
  }

  private URI publicUri() {
    if (publicUrl == null || publicUrl.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(publicUrl.trim());
      if (uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new URISyntaxException(publicUrl, "not an absolute http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ParameterException(
          spec.commandLine(), "--public-url must be an absolute http(s) URL: " + publicUrl);
    }
  }
}
