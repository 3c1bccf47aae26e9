package io.modelroute.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.modelroute.FieldError;
import io.modelroute.ModelRouteException;
import io.modelroute.auth.ApiKey;
import io.modelroute.auth.ApiKeyService;
import io.modelroute.auth.Permission;
import io.modelroute.auth.Principal;
import io.modelroute.billing.Balance;
import io.modelroute.billing.BillingService;
import io.modelroute.billing.LedgerEntry;
import io.modelroute.execution.ExecutionJson;
import java.util.List;
import java.util.Set;

/** API keys (SPEC §2) and balance (SPEC §5); all FULL-only. */
final class AccountRoutes {
  private final ApiKeyService keys;
  private final BillingService billing;
  private final long maxBody;

  AccountRoutes(ApiKeyService keys, BillingService billing, long maxBody) {
    this.keys = keys;
    this.billing = billing;
    this.maxBody = maxBody;
  }

  void register(RoutesConfig r) {
    r.post("/v1/api-keys", this::createKey);
    r.get("/v1/api-keys", ctx -> {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      ArrayNode data = out.putArray("data");
      keys.list(full(ctx).orgId()).forEach(k -> data.add(keyJson(k)));
      Requests.json(ctx, 200, out);
    });
    r.post("/v1/api-keys/{id}/rotate", ctx -> {
      ApiKeyService.RotatedKey rotated = keys.rotate(full(ctx).orgId(), ctx.pathParam("id"));
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("id", rotated.id());
      out.put("new_key", rotated.newKey());
      out.put("previous_key_valid_until", ExecutionJson.time(rotated.previousKeyValidUntil()));
      Requests.json(ctx, 200, out);
    });
    r.delete("/v1/api-keys/{id}", ctx -> {
      keys.revoke(full(ctx).orgId(), ctx.pathParam("id"));
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("id", ctx.pathParam("id"));
      out.put("revoked", true);
      Requests.json(ctx, 200, out);
    });
    r.get("/v1/balance", ctx -> Requests.json(ctx, 200, balanceJson(billing.balance(full(ctx).orgId()))));
    r.get("/v1/balance/transactions", this::transactions);
  }

  private void createKey(Context ctx) {
    Principal p = full(ctx);
    ObjectNode body = Requests.optionalJsonObject(ctx, maxBody);
    Requests.onlyFields(body, Set.of("label", "permission"));
    String label = Requests.optionalString(body, "label");
    String perm = Requests.optionalString(body, "permission");
    Permission permission;
    try {
      permission = perm == null ? Permission.FULL : Permission.valueOf(perm);
    } catch (IllegalArgumentException e) {
      throw ModelRouteException.invalid("permission", FieldError.INVALID_VALUE, "permission must be FULL or EXECUTION_ONLY");
    }
    ApiKeyService.CreatedKey created = keys.create(p.orgId(), label, permission);
    ObjectNode out = keyJson(created.key());
    out.put("key", created.secret());
    Requests.json(ctx, 201, out);
  }

  private void transactions(Context ctx) {
    Principal p = full(ctx);
    int limit = Requests.intQuery(ctx, "limit", 20, 1, BillingService.MAX_PAGE);
    String after = ctx.queryParam("starting_after");
    List<LedgerEntry> rows = billing.transactions(p.orgId(), after == null || after.isBlank() ? null : after, limit + 1);
    boolean more = rows.size() > limit;
    List<LedgerEntry> page = more ? rows.subList(0, limit) : rows;
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode data = out.putArray("data");
    for (LedgerEntry e : page) {
      ObjectNode n = data.addObject();
      n.put("id", billing.transactionId(e));
      n.put("type", e.type().name());
      n.put("amount", e.amount().toString());
      n.put("execution_id", e.executionId());
      n.put("description", e.description());
      n.put("created_at", ExecutionJson.time(e.createdAt()));
    }
    out.put("has_more", more);
    out.put("next_cursor", more ? billing.transactionId(page.get(page.size() - 1)) : null);
    Requests.json(ctx, 200, out);
  }

  static ObjectNode balanceJson(Balance b) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("balance", b.balance().toString());
    out.put("held", b.held().toString());
    out.put("available", b.available().toString());
    out.put("currency", "USD");
    return out;
  }

  private static ObjectNode keyJson(ApiKey k) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", k.id());
    n.put("label", k.label());
    n.put("permission", k.permission().name());
    n.put("prefix", k.prefix());
    n.put("created_at", ExecutionJson.time(k.createdAt()));
    n.put("last_used_at", ExecutionJson.time(k.lastUsedAt()));
    return n;
  }

  private static Principal full(Context ctx) {
    return Requests.fullPrincipal(ctx);
  }
}
