package io.modelroute.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.modelroute.ErrorCode;
import io.modelroute.FieldError;
import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteException;
import io.modelroute.Money;
import io.modelroute.api.CircuitState;
import io.modelroute.api.DataList;
import io.modelroute.api.FileAuditPage;
import io.modelroute.api.LedgerCheck;
import io.modelroute.api.ModelQueueDepth;
import io.modelroute.api.NodeState;
import io.modelroute.api.Nodes;
import io.modelroute.api.ProviderCircuit;
import io.modelroute.api.ProviderFailure;
import io.modelroute.api.ProviderHealthList;
import io.modelroute.auth.ConsoleSessions;
import io.modelroute.auth.Organization;
import io.modelroute.auth.OrganizationService;
import io.modelroute.cluster.Cluster;
import io.modelroute.execution.ExecutionJson;
import io.modelroute.execution.ExecutionStatus;
import io.modelroute.execution.QueueDepth;
import io.modelroute.file.FileAuditEntry;
import io.modelroute.file.FileService;
import io.modelroute.worker.ProviderHealth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /admin/v1}: operator routes behind the admin token (docs/operations.md). Not registered at
 * all when no token is configured, so they answer 404.
 */
final class AdminRoutes {
  private final ModelRoute modelRoute;
  private final byte[] token;
  private final long maxBody;
  private final ConsoleRoutes console;

  AdminRoutes(ModelRoute modelRoute, String token, long maxBody, ConsoleRoutes console) {
    this.modelRoute = modelRoute;
    this.console = console;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.maxBody = maxBody;
  }

  void register(RoutesConfig r) {
    r.before("/admin/*", this::authorize);
    r.post("/admin/v1/organizations", this::createOrganization);
    r.get(
        "/admin/v1/organizations",
        ctx ->
            Requests.json(
                ctx,
                200,
                new DataList<>(
                    modelRoute.organizations().list().stream()
                        .map(AdminRoutes::orgJson)
                        .toList())));
    r.get(
        "/admin/v1/organizations/{id}",
        ctx -> {
          Organization org = org(ctx.pathParam("id"));
          Requests.json(
              ctx,
              200,
              new io.modelroute.api.Organization(
                  org.id(),
                  org.name(),
                  org.fileTtlDays(),
                  ExecutionJson.instant(org.createdAt()),
                  null,
                  null,
                  AccountRoutes.balanceJson(modelRoute.billing().balance(org.id()))));
        });
    r.patch("/admin/v1/organizations/{id}", this::updateOrganization);
    r.post("/admin/v1/organizations/{id}/credit", this::credit);
    r.get("/admin/v1/files/audit", this::fileAudit);
    r.get("/admin/v1/executions/{id}", this::execution);
    r.get("/admin/v1/nodes", ctx -> Requests.json(ctx, 200, nodesJson(modelRoute.cluster())));
    r.get("/admin/v1/providers", ctx -> Requests.json(ctx, 200, providersJson(modelRoute)));
    r.get(
        "/admin/v1/queue",
        ctx -> Requests.json(ctx, 200, queueJson(modelRoute.executions().queueDepth())));
    r.get(
        "/admin/v1/ledger/check",
        ctx -> {
          var violations = modelRoute.billing().invariantViolations();
          Requests.json(ctx, 200, new LedgerCheck(violations.isEmpty(), List.copyOf(violations)));
        });
  }

  private void authorize(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null
        && ctx.cookie(ConsoleRoutes.COOKIE) != null) { // the console's operator view (CSRF-checked)
      if (console.fromCookie(ctx).orElseThrow().kind() != ConsoleSessions.Kind.OPERATOR) {
        throw new ModelRouteException(
            ErrorCode.UNAUTHORIZED,
            "This console session is not an operator's: sign in with the admin token");
      }
      return;
    }
    byte[] given =
        header != null && header.startsWith("Bearer ")
            ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    if (!MessageDigest.isEqual(given, token)) {
      throw new ModelRouteException(ErrorCode.UNAUTHORIZED, "Missing or wrong admin token");
    }
  }

  private void createOrganization(Context ctx) {
    ObjectNode body = Requests.jsonObject(ctx, maxBody);
    Requests.onlyFields(body, Set.of("name", "credit"));
    String name = Requests.requiredString(body, "name");
    Money credit = money(body, "credit", Money.ZERO);
    OrganizationService.CreatedOrganization created =
        modelRoute.organizations().create(name, credit);
    Organization o = created.organization();
    Requests.json(
        ctx,
        201,
        new io.modelroute.api.Organization(
            o.id(),
            o.name(),
            o.fileTtlDays(),
            ExecutionJson.instant(o.createdAt()),
            created.key().secret(),
            created.key().key().id(),
            null));
  }

  /**
   * Changes what an operator may change: the default file retention ({@code file_ttl_days}, null =
   * keep).
   */
  private void updateOrganization(Context ctx) {
    Organization org = org(ctx.pathParam("id"));
    ObjectNode body = Requests.jsonObject(ctx, maxBody);
    Requests.onlyFields(body, Set.of("file_ttl_days"));
    var ttl = body.get("file_ttl_days");
    if (ttl == null) {
      throw ModelRouteException.invalid(
          "file_ttl_days", FieldError.REQUIRED, "file_ttl_days is required (1-365 or null)");
    }
    if (!ttl.isNull() && !(ttl.isIntegralNumber() && ttl.canConvertToInt())) {
      throw ModelRouteException.invalid(
          "file_ttl_days",
          FieldError.INVALID_TYPE,
          "file_ttl_days must be a whole number of days (1-365) or null");
    }
    Organization updated =
        modelRoute.organizations().setFileTtlDays(org.id(), ttl.isNull() ? null : ttl.intValue());
    Requests.json(ctx, 200, orgJson(updated));
  }

  /**
   * {@code ?org=org_…&file=file_…&limit=100&before=<entry id>}: the file audit trail, newest first.
   */
  private void fileAudit(Context ctx) {
    String orgId = blankToNull(ctx.queryParam("org"));
    String fileId = blankToNull(ctx.queryParam("file"));
    int limit = Requests.intQuery(ctx, "limit", 100, 1, FileService.MAX_AUDIT_PAGE);
    Long before = null;
    String b = blankToNull(ctx.queryParam("before"));
    if (b != null) {
      try {
        before = Long.parseLong(b);
      } catch (NumberFormatException e) {
        throw ModelRouteException.invalid(
            "before", FieldError.INVALID_TYPE, "before must be an audit entry id");
      }
    }
    List<FileAuditEntry> entries = modelRoute.files().audit(orgId, fileId, before, limit + 1);
    boolean more = entries.size() > limit;
    List<io.modelroute.api.FileAuditEntry> data =
        (more ? entries.subList(0, limit) : entries)
            .stream()
                .map(
                    e ->
                        new io.modelroute.api.FileAuditEntry(
                            e.id(),
                            e.orgId(),
                            e.fileId(),
                            e.action().name(),
                            e.apiKeyId(),
                            e.clientIp(),
                            e.occurredAt())) // today's trail keeps the stored sub-second precision
                .toList();
    Requests.json(
        ctx, 200, new FileAuditPage(data, more, more ? entries.get(limit - 1).id() : null));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private void credit(Context ctx) {
    Organization org = org(ctx.pathParam("id"));
    ObjectNode body = Requests.jsonObject(ctx, maxBody);
    Requests.onlyFields(body, Set.of("amount", "description"));
    Money amount = money(body, "amount", null);
    var balance =
        modelRoute.billing().credit(org.id(), amount, Requests.optionalString(body, "description"));
    Requests.json(ctx, 200, AccountRoutes.balanceJson(balance));
  }

  private void execution(Context ctx) {
    Requests.json(ctx, 200, modelRoute.executions().operatorView(ctx.pathParam("id")));
  }

  private Organization org(String id) {
    return modelRoute
        .organizations()
        .find(id)
        .orElseThrow(() -> ModelRouteException.notFound("Organization"));
  }

  private static Money money(ObjectNode body, String field, Money dflt) {
    var v = body.get(field);
    if (v == null || v.isNull()) {
      if (dflt == null) {
        throw ModelRouteException.invalid(field, FieldError.REQUIRED, field + " is required");
      }
      return dflt;
    }
    try {
      return Money.parse(v.isNumber() ? v.decimalValue().toPlainString() : v.asText());
    } catch (IllegalArgumentException e) {
      throw ModelRouteException.invalid(
          field,
          FieldError.INVALID_VALUE,
          field + " must be a dollar amount like \"25.00\" with at most 6 decimals");
    }
  }

  /**
   * The nodes registered with the database: their state ({@code LIVE}, {@code STALE}: silent past
   * {@code stale_after_seconds}, {@code STOPPED}), heartbeat and the executions they hold leases
   * on.
   */
  static Nodes nodesJson(Cluster cluster) {
    List<io.modelroute.api.Node> data =
        cluster.nodes().stream()
            .map(
                n ->
                    new io.modelroute.api.Node(
                        n.nodeId(),
                        NodeState.valueOf(n.state().name()),
                        ExecutionJson.instant(n.startedAt()),
                        ExecutionJson.instant(n.lastHeartbeat()),
                        ExecutionJson.instant(n.stoppedAt()),
                        n.version(),
                        n.host(),
                        n.pid(),
                        n.workerThreads(),
                        n.leasedExecutions()))
            .toList();
    return new Nodes(data, Cluster.STALE_AFTER.toSeconds(), cluster.isShared());
  }

  /**
   * How every configured provider is doing on this node: circuit per provider model, bulkhead in
   * flight vs size, the last failed attempts and their counts by code.
   */
  static ProviderHealthList providersJson(ModelRoute modelRoute) {
    List<io.modelroute.api.ProviderHealth> data =
        modelRoute.dispatcher().providerHealth().stream()
            .map(
                h ->
                    new io.modelroute.api.ProviderHealth(
                        h.provider(),
                        CircuitState.valueOf(h.circuitState()),
                        h.circuits().entrySet().stream()
                            .sorted(Map.Entry.comparingByKey())
                            .map(
                                c ->
                                    new ProviderCircuit(
                                        c.getKey(), CircuitState.valueOf(c.getValue())))
                            .toList(),
                        h.inFlight(),
                        h.maxConcurrent() == Integer.MAX_VALUE ? null : h.maxConcurrent(),
                        h.sharedLimit() == 0 ? null : h.sharedLimit(),
                        h.recentFailures().stream()
                            .map(
                                f ->
                                    new ProviderFailure(
                                        f.providerModel(),
                                        io.modelroute.api.ErrorCode.valueOf(f.code().name()),
                                        f.retryable(),
                                        ExecutionJson.instant(f.at())))
                            .toList(),
                        h.failureCounts().entrySet().stream()
                            .collect(
                                java.util.stream.Collectors.toMap(
                                    e -> e.getKey().name(),
                                    Map.Entry::getValue,
                                    (a, b) -> a,
                                    java.util.LinkedHashMap::new))))
            .toList();
    return new ProviderHealthList(
        modelRoute.config().dispatcher().nodeId(), ProviderHealth.RECENT_FAILURES, data);
  }

  /** The cluster's unfinished executions by status and by model, and how many wait for a worker. */
  static io.modelroute.api.QueueDepth queueJson(QueueDepth q) {
    List<ModelQueueDepth> byModel =
        q.byModel().entrySet().stream()
            .map(
                e ->
                    new ModelQueueDepth(
                        e.getKey(),
                        e.getValue().get(ExecutionStatus.PENDING),
                        e.getValue().get(ExecutionStatus.PROCESSING),
                        e.getValue().get(ExecutionStatus.AWAITING_WEBHOOK),
                        e.getValue().values().stream().mapToLong(Long::longValue).sum()))
            .toList();
    return new io.modelroute.api.QueueDepth(
        q.count(ExecutionStatus.PENDING),
        q.count(ExecutionStatus.PROCESSING),
        q.count(ExecutionStatus.AWAITING_WEBHOOK),
        q.total(),
        q.dueNow(),
        byModel);
  }

  private static io.modelroute.api.Organization orgJson(Organization o) {
    return io.modelroute.api.Organization.of(
        o.id(), o.name(), o.fileTtlDays(), ExecutionJson.instant(o.createdAt()));
  }
}
