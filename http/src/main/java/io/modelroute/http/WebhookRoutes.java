package io.modelroute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.modelroute.FieldError;
import io.modelroute.ModelRouteException;
import io.modelroute.api.Deleted;
import io.modelroute.api.WebhookEndpointList;
import io.modelroute.api.WebhookRecovery;
import io.modelroute.api.WebhookSigningSecret;
import io.modelroute.auth.Principal;
import io.modelroute.execution.ExecutionJson;
import io.modelroute.execution.Page;
import io.modelroute.webhook.WebhookDelivery;
import io.modelroute.webhook.WebhookEndpointPatch;
import io.modelroute.webhook.WebhookEndpointRequest;
import io.modelroute.webhook.WebhookService;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/webhooks}: endpoints, test events, the delivery log, the signing secret
 * (docs/webhooks.md); FULL keys only.
 */
final class WebhookRoutes {
  private static final Set<String> CREATE_FIELDS =
      Set.of("url", "description", "events", "headers");
  private static final Set<String> PATCH_FIELDS =
      Set.of("url", "description", "events", "headers", "is_active");
  private static final String ENDPOINT = "/v1/webhooks/endpoints/{id}";

  private final WebhookService webhooks;
  private final long maxBody;

  WebhookRoutes(WebhookService webhooks, long maxBody) {
    this.webhooks = webhooks;
    this.maxBody = maxBody;
  }

  void register(RoutesConfig r) {
    r.post("/v1/webhooks/endpoints", this::create);
    r.get(
        "/v1/webhooks/endpoints",
        ctx ->
            Requests.json(
                ctx,
                200,
                new WebhookEndpointList(
                    webhooks.list(full(ctx).orgId()).stream()
                        .map(WebhookJson::endpoint)
                        .toList())));
    r.get(
        ENDPOINT,
        ctx ->
            Requests.json(
                ctx,
                200,
                WebhookJson.endpoint(webhooks.get(full(ctx).orgId(), ctx.pathParam("id")))));
    r.patch(ENDPOINT, this::update);
    r.delete(
        ENDPOINT,
        ctx -> {
          webhooks.delete(full(ctx).orgId(), ctx.pathParam("id"));
          Requests.json(ctx, 200, new Deleted(ctx.pathParam("id"), true));
        });
    r.post(
        ENDPOINT + "/test",
        ctx ->
            Requests.json(
                ctx,
                202,
                WebhookJson.delivery(webhooks.sendTest(full(ctx).orgId(), ctx.pathParam("id")))));
    r.get(ENDPOINT + "/deliveries", this::deliveries);
    r.get(
        ENDPOINT + "/deliveries/{delivery_id}",
        ctx -> {
          String org = full(ctx).orgId();
          String endpoint = ctx.pathParam("id");
          String delivery = ctx.pathParam("delivery_id");
          Requests.json(
              ctx,
              200,
              WebhookJson.delivery(
                  webhooks.delivery(org, endpoint, delivery),
                  webhooks.attempts(org, endpoint, delivery)));
        });
    r.post(
        ENDPOINT + "/deliveries/{delivery_id}/retry",
        ctx ->
            Requests.json(
                ctx,
                202,
                WebhookJson.delivery(
                    webhooks.retry(
                        full(ctx).orgId(), ctx.pathParam("id"), ctx.pathParam("delivery_id")))));
    r.post(ENDPOINT + "/recover", this::recover);
    r.get(
        "/v1/webhooks/signing-secret",
        ctx ->
            Requests.json(
                ctx, 200, new WebhookSigningSecret(webhooks.signingSecret(full(ctx).orgId()))));
  }

  private void create(Context ctx) {
    Principal p = full(ctx);
    ObjectNode body = Requests.jsonObject(ctx, maxBody);
    Requests.onlyFields(body, CREATE_FIELDS);
    List<FieldError> problems = new ArrayList<>();
    String url = string(body, "url", problems);
    String description = string(body, "description", problems);
    List<String> events = events(body, problems);
    Map<String, String> headers = headers(body, problems);
    if (!problems.isEmpty()) {
      throw ModelRouteException.invalid(problems);
    }
    WebhookService.CreatedEndpoint created =
        webhooks.create(p.orgId(), new WebhookEndpointRequest(url, description, events, headers));
    Requests.json(ctx, 201, WebhookJson.endpoint(created.endpoint()).withSecret(created.secret()));
  }

  private void update(Context ctx) {
    Principal p = full(ctx);
    ObjectNode body = Requests.jsonObject(ctx, maxBody);
    Requests.onlyFields(body, PATCH_FIELDS);
    List<FieldError> problems = new ArrayList<>();
    String url = string(body, "url", problems);
    String description =
        body.has("description") && body.get("description").isNull()
            ? ""
            : string(body, "description", problems);
    List<String> events = events(body, problems);
    Map<String, String> headers = headers(body, problems);
    Boolean active = null;
    JsonNode a = body.get("is_active");
    if (a != null && !a.isNull()) {
      if (a.isBoolean()) {
        active = a.asBoolean();
      } else {
        problems.add(
            new FieldError(
                "is_active", FieldError.INVALID_TYPE, "is_active must be true or false"));
      }
    }
    if (!problems.isEmpty()) {
      throw ModelRouteException.invalid(problems);
    }
    Requests.json(
        ctx,
        200,
        WebhookJson.endpoint(
            webhooks.update(
                p.orgId(),
                ctx.pathParam("id"),
                new WebhookEndpointPatch(url, description, events, headers, active))));
  }

  private void deliveries(Context ctx) {
    Principal p = full(ctx);
    int limit = Requests.intQuery(ctx, "limit", 20, 1, WebhookService.MAX_PAGE);
    String after = ctx.queryParam("starting_after");
    Page<WebhookDelivery> page =
        webhooks.deliveries(
            p.orgId(), ctx.pathParam("id"), limit, after == null || after.isBlank() ? null : after);
    Requests.json(
        ctx,
        200,
        new io.modelroute.api.Page<>(
            page.data().stream().map(WebhookJson::delivery).toList(),
            page.hasMore(),
            page.nextCursor()));
  }

  private void recover(Context ctx) {
    Principal p = full(ctx);
    ObjectNode body = Requests.jsonObject(ctx, maxBody);
    Requests.onlyFields(body, Set.of("since"));
    List<FieldError> problems = new ArrayList<>();
    String sinceText = string(body, "since", problems);
    Instant since = null;
    if (problems.isEmpty() && sinceText == null) {
      problems.add(
          new FieldError("since", FieldError.REQUIRED, "since is required (an ISO-8601 time)"));
    } else if (sinceText != null) {
      try {
        since = OffsetDateTime.parse(sinceText).toInstant();
      } catch (DateTimeParseException e) {
        problems.add(
            new FieldError(
                "since",
                FieldError.INVALID_VALUE,
                "since must be an ISO-8601 time with offset, e.g. 2026-01-31T12:00:00Z"));
      }
    }
    if (!problems.isEmpty()) {
      throw ModelRouteException.invalid(problems);
    }
    int recovered = webhooks.recover(p.orgId(), ctx.pathParam("id"), since);
    Requests.json(
        ctx,
        202,
        new WebhookRecovery(ctx.pathParam("id"), ExecutionJson.instant(since), recovered));
  }

  /** A string field, null when absent or null; INVALID_TYPE otherwise. */
  private static String string(ObjectNode body, String field, List<FieldError> problems) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      problems.add(new FieldError(field, FieldError.INVALID_TYPE, field + " must be a string"));
      return null;
    }
    return v.asText();
  }

  /** {@code events}: an array of strings, or null when absent or null. */
  private static List<String> events(ObjectNode body, List<FieldError> problems) {
    JsonNode v = body.get("events");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      problems.add(
          new FieldError(
              "events", FieldError.INVALID_TYPE, "events must be an array of event names"));
      return null;
    }
    List<String> events = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (v.get(i).isTextual()) {
        events.add(v.get(i).asText());
      } else {
        problems.add(
            new FieldError(
                "events[" + i + "]", FieldError.INVALID_TYPE, "event names are strings"));
      }
    }
    return events;
  }

  /** {@code headers}: an object of strings, or null when absent or null. */
  private static Map<String, String> headers(ObjectNode body, List<FieldError> problems) {
    JsonNode v = body.get("headers");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      problems.add(
          new FieldError(
              "headers", FieldError.INVALID_TYPE, "headers must be an object of strings"));
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    v.properties()
        .forEach(
            f -> {
              if (f.getValue().isTextual()) {
                headers.put(f.getKey(), f.getValue().asText());
              } else {
                problems.add(
                    new FieldError(
                        "headers." + f.getKey(),
                        FieldError.INVALID_TYPE,
                        "header values are strings"));
              }
            });
    return headers;
  }

  private static Principal full(Context ctx) {
    return Requests.fullPrincipal(ctx);
  }
}
