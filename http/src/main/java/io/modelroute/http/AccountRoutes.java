package io.modelroute.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.modelroute.FieldError;
import io.modelroute.ModelRouteException;
import io.modelroute.api.ApiKeyRevoked;
import io.modelroute.api.ApiKeyRotated;
import io.modelroute.api.DataList;
import io.modelroute.api.LedgerEntryType;
import io.modelroute.api.Page;
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

/** API keys (docs/http-api.md) and balance (docs/concepts.md); all FULL-only. */
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
    r.get(
        "/v1/api-keys",
        ctx ->
            Requests.json(
                ctx,
                200,
                new DataList<>(
                    keys.list(full(ctx).orgId()).stream().map(k -> keyJson(k, null)).toList())));
    r.post(
        "/v1/api-keys/{id}/rotate",
        ctx -> {
          ApiKeyService.RotatedKey rotated = keys.rotate(full(ctx).orgId(), ctx.pathParam("id"));
          Requests.json(
              ctx,
              200,
              new ApiKeyRotated(
                  rotated.id(),
                  rotated.newKey(),
                  ExecutionJson.instant(rotated.previousKeyValidUntil())));
        });
    r.delete(
        "/v1/api-keys/{id}",
        ctx -> {
          keys.revoke(full(ctx).orgId(), ctx.pathParam("id"));
          Requests.json(ctx, 200, new ApiKeyRevoked(ctx.pathParam("id"), true));
        });
    r.get(
        "/v1/balance",
        ctx -> Requests.json(ctx, 200, balanceJson(billing.balance(full(ctx).orgId()))));
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
      throw ModelRouteException.invalid(
          "permission", FieldError.INVALID_VALUE, "permission must be FULL or EXECUTION_ONLY");
    }
    ApiKeyService.CreatedKey created = keys.create(p.orgId(), label, permission);
    Requests.json(ctx, 201, keyJson(created.key(), created.secret()));
  }

  private void transactions(Context ctx) {
    Principal p = full(ctx);
    int limit = Requests.intQuery(ctx, "limit", 20, 1, BillingService.MAX_PAGE);
    String after = ctx.queryParam("starting_after");
    List<LedgerEntry> rows =
        billing.transactions(p.orgId(), after == null || after.isBlank() ? null : after, limit + 1);
    boolean more = rows.size() > limit;
    List<LedgerEntry> page = more ? rows.subList(0, limit) : rows;
    List<io.modelroute.api.LedgerEntry> data =
        page.stream()
            .map(
                e ->
                    new io.modelroute.api.LedgerEntry(
                        billing.transactionId(e),
                        LedgerEntryType.valueOf(e.type().name()),
                        ExecutionJson.usd(e.amount()),
                        e.executionId(),
                        e.description(),
                        ExecutionJson.instant(e.createdAt())))
            .toList();
    Requests.json(
        ctx,
        200,
        new Page<>(data, more, more ? billing.transactionId(page.get(page.size() - 1)) : null));
  }

  static io.modelroute.api.Balance balanceJson(Balance b) {
    return new io.modelroute.api.Balance(
        ExecutionJson.usd(b.balance()),
        ExecutionJson.usd(b.held()),
        ExecutionJson.usd(b.available()),
        io.modelroute.api.Balance.USD);
  }

  /** A key as listings show it; with {@code secret} as the answer to create shows it. */
  private static io.modelroute.api.ApiKey keyJson(ApiKey k, String secret) {
    return new io.modelroute.api.ApiKey(
        k.id(),
        k.label(),
        io.modelroute.api.Permission.valueOf(k.permission().name()),
        k.prefix(),
        ExecutionJson.instant(k.createdAt()),
        ExecutionJson.instant(k.lastUsedAt()),
        secret);
  }

  private static Principal full(Context ctx) {
    return Requests.fullPrincipal(ctx);
  }
}
