package io.modelroute.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.modelroute.ErrorCode;
import io.modelroute.FieldError;
import io.modelroute.Json;
import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteException;
import io.modelroute.Money;
import io.modelroute.auth.Organization;
import io.modelroute.auth.OrganizationService;
import io.modelroute.execution.ExecutionJson;
import io.modelroute.execution.JdbiExecutionStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * {@code /admin/v1}: operator routes behind the admin token (SPEC §11). Not registered at all
 * when no token is configured, so they answer 404.
 */
final class AdminRoutes {
  private final ModelRoute modelRoute;
  private final byte[] token;
  private final long maxBody;

  AdminRoutes(ModelRoute modelRoute, String token, long maxBody) {
    this.modelRoute = modelRoute;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.maxBody = maxBody;
  }

  void register(RoutesConfig r) {
    r.before("/admin/*", this::authorize);
    r.post("/admin/v1/organizations", this::createOrganization);
    r.get("/admin/v1/organizations", ctx -> {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      ArrayNode data = out.putArray("data");
      modelRoute.organizations().list().forEach(o -> data.add(orgJson(o)));
      Requests.json(ctx, 200, out);
    });
    r.get("/admin/v1/organizations/{id}", ctx -> {
      Organization org = org(ctx.pathParam("id"));
      ObjectNode out = orgJson(org);
      out.set("balance", AccountRoutes.balanceJson(modelRoute.billing().balance(org.id())));
      Requests.json(ctx, 200, out);
    });
    r.post("/admin/v1/organizations/{id}/credit", this::credit);
    r.get("/admin/v1/executions/{id}", this::execution);
    r.get("/admin/v1/ledger/check", ctx -> {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      var violations = modelRoute.billing().invariantViolations();
      out.put("ok", violations.isEmpty());
      ArrayNode v = out.putArray("violating_organizations");
      violations.forEach(v::add);
      Requests.json(ctx, 200, out);
    });
  }

  private void authorize(Context ctx) {
    String header = ctx.header("Authorization");
    byte[] given = header != null && header.startsWith("Bearer ")
        ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(given, token)) {
      throw new ModelRouteException(ErrorCode.UNAUTHORIZED, "Missing or wrong admin token");
    }
  }

  private void createOrganization(Context ctx) {
    ObjectNode body = Requests.jsonObject(ctx, maxBody);
    Requests.onlyFields(body, Set.of("name", "credit"));
    String name = Requests.requiredString(body, "name");
    Money credit = money(body, "credit", Money.ZERO);
    OrganizationService.CreatedOrganization created = modelRoute.organizations().create(name, credit);
    ObjectNode out = orgJson(created.organization());
    out.put("api_key", created.key().secret());
    out.put("api_key_id", created.key().key().id());
    Requests.json(ctx, 201, out);
  }

  private void credit(Context ctx) {
    Organization org = org(ctx.pathParam("id"));
    ObjectNode body = Requests.jsonObject(ctx, maxBody);
    Requests.onlyFields(body, Set.of("amount", "description"));
    Money amount = money(body, "amount", null);
    var balance = modelRoute.billing().credit(org.id(), amount, Requests.optionalString(body, "description"));
    Requests.json(ctx, 200, AccountRoutes.balanceJson(balance));
  }

  private void execution(Context ctx) {
    String id = ctx.pathParam("id");
    var store = new JdbiExecutionStore(modelRoute.database().dialect());
    var e = modelRoute.database().jdbi().withHandle(h -> store.findById(h, id))
        .orElseThrow(() -> ModelRouteException.notFound("Execution"));
    ObjectNode out = ExecutionJson.full(e);
    out.put("organization_id", e.orgId());
    out.put("route_index", e.routeIndex());
    out.put("provider", e.provider());
    out.put("provider_job_id", e.providerJobId());
    out.set("attempt_trail", Json.mapper().valueToTree(
        modelRoute.database().jdbi().withHandle(h -> store.attempts(h, id))));
    Requests.json(ctx, 200, out);
  }

  private Organization org(String id) {
    return modelRoute.organizations().find(id).orElseThrow(() -> ModelRouteException.notFound("Organization"));
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
      throw ModelRouteException.invalid(field, FieldError.INVALID_VALUE,
          field + " must be a dollar amount like \"25.00\" with at most 6 decimals");
    }
  }

  private static ObjectNode orgJson(Organization o) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", o.id());
    n.put("name", o.name());
    n.put("created_at", ExecutionJson.time(o.createdAt()));
    return n;
  }
}
