package io.modelroute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.modelroute.FieldError;
import io.modelroute.ModelRouteException;
import io.modelroute.execution.CreateExecution;
import io.modelroute.execution.CreateOutcome;
import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionJson;
import io.modelroute.execution.ExecutionMode;
import io.modelroute.execution.ExecutionQuery;
import io.modelroute.execution.ExecutionService;
import io.modelroute.execution.ExecutionStatus;
import io.modelroute.execution.ExecutionWatch;
import io.modelroute.execution.Page;
import io.modelroute.idempotency.RequestFingerprint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /v1/executions}: create, read, result, list, cancel (docs/concepts.md). */
final class ExecutionRoutes {
  private static final Set<String> CREATE_FIELDS =
      Set.of("model", "input", "webhook_url", "metadata", "mode");
  private static final Pattern METADATA_PARAM = Pattern.compile("metadata\\[(.{1,64})]");

  /** Longest a SYNC request or {@code Prefer: wait} waits (docs/concepts.md). */
  static final int MAX_WAIT_SECONDS = 60;

  private static final Pattern PREFER_WAIT =
      Pattern.compile("(?i)(?:^|[,;\\s])wait(?:\\s*=\\s*(\\d{1,6}))?");

  private final ExecutionService executions;
  private final ExecutionWatch watch;
  private final long maxBody;

  ExecutionRoutes(ExecutionService executions, ExecutionWatch watch, long maxBody) {
    this.executions = executions;
    this.watch = watch;
    this.maxBody = maxBody;
  }

  void register(RoutesConfig r) {
    r.post("/v1/executions", this::create);
    r.get("/v1/executions", this::list);
    r.get(
        "/v1/executions/{id}",
        ctx ->
            Requests.json(
                ctx,
                200,
                ExecutionJson.record(
                    executions.get(Requests.principal(ctx).orgId(), ctx.pathParam("id")))));
    r.get(
        "/v1/executions/{id}/result",
        ctx ->
            Requests.json(
                ctx,
                200,
                ExecutionJson.resultRecord(
                    executions.result(Requests.principal(ctx).orgId(), ctx.pathParam("id")))));
    r.post(
        "/v1/executions/{id}/cancel",
        ctx ->
            Requests.json(
                ctx,
                200,
                ExecutionJson.record(
                    executions.cancel(Requests.principal(ctx).orgId(), ctx.pathParam("id")))));
    r.get(
        "/v1/executions/{id}/events",
        ctx -> {
          String orgId = Requests.principal(ctx).orgId();
          String id = executions.get(orgId, ctx.pathParam("id")).id();
          EventStream.start(ctx, executions, watch, orgId, id, 200);
        });
  }

  private void create(Context ctx) throws java.io.IOException {
    ObjectNode body = Requests.jsonObject(ctx, maxBody);
    CreateExecution request = parseCreate(body);
    if (request.mode() == ExecutionMode.STREAMING) {
      EventStream.checkResume(
          ctx); // a reconnect (Last-Event-ID) must not create a second execution
    }
    CreateOutcome outcome =
        executions.create(
            Requests.principal(ctx),
            request,
            ctx.header("Idempotency-Key"),
            RequestFingerprint.of("POST", "/v1/executions", body));
    if (outcome.replayed()) {
      ctx.header("Idempotent-Replayed", "true");
    }
    String orgId = Requests.principal(ctx).orgId();
    if (request.mode() == ExecutionMode.STREAMING) {
      EventStream.start(ctx, executions, watch, orgId, outcome.executionId(), 200);
      return;
    }
    String prefer = ctx.header("Prefer");
    int wait = waitSeconds(request.mode(), prefer);
    boolean preferred = prefer != null && PREFER_WAIT.matcher(prefer).find();
    if (wait == 0) {
      Requests.json(ctx, outcome.statusCode(), outcome.body());
      return;
    }
    // SYNC: park the request (no thread) until the execution is terminal or the wait runs out;
    // either way the answer is the execution as it is now (200 if terminal, else 202)
    ctx.future(
        () ->
            watch
                .terminal(orgId, outcome.executionId(), java.time.Duration.ofSeconds(wait))
                .thenAccept(
                    e -> {
                      if (preferred) {
                        ctx.header(
                            "Preference-Applied",
                            "wait=" + wait); // RFC 7240: the wait asked for was honoured
                      }
                      Requests.json(
                          ctx, e.status().isTerminal() ? 200 : 202, ExecutionJson.record(e));
                    }));
  }

  /** Seconds to wait: {@code Prefer: wait=N} (capped at 60), plain {@code wait} or SYNC → 60. */
  static int waitSeconds(ExecutionMode mode, String prefer) {
    if (prefer != null) {
      Matcher m = PREFER_WAIT.matcher(prefer);
      if (m.find()) {
        return m.group(1) == null
            ? MAX_WAIT_SECONDS
            : (int) Math.min(MAX_WAIT_SECONDS, Long.parseLong(m.group(1)));
      }
    }
    return mode == ExecutionMode.SYNC ? MAX_WAIT_SECONDS : 0;
  }

  /** Turns the body into a request, reporting every structural problem at once. */
  static CreateExecution parseCreate(ObjectNode body) {
    List<FieldError> problems = new ArrayList<>();
    body.fieldNames()
        .forEachRemaining(
            n -> {
              if (!CREATE_FIELDS.contains(n)) {
                problems.add(
                    new FieldError(n, FieldError.UNKNOWN_FIELD, "unknown field '" + n + "'"));
              }
            });
    String model = null;
    JsonNode m = body.get("model");
    if (m == null || m.isNull() || (m.isTextual() && m.asText().isBlank())) {
      problems.add(new FieldError("model", FieldError.REQUIRED, "model is required"));
    } else if (!m.isTextual()) {
      problems.add(new FieldError("model", FieldError.INVALID_TYPE, "model must be a string"));
    } else {
      model = m.asText();
    }
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) {
      problems.add(new FieldError("input", FieldError.REQUIRED, "input is required"));
    } else if (!input.isObject()) {
      problems.add(new FieldError("input", FieldError.INVALID_TYPE, "input must be an object"));
    }
    String webhookUrl = null;
    JsonNode w = body.get("webhook_url");
    if (w != null && !w.isNull()) {
      if (w.isTextual()) {
        webhookUrl = w.asText();
      } else {
        problems.add(
            new FieldError("webhook_url", FieldError.INVALID_TYPE, "webhook_url must be a string"));
      }
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    JsonNode md = body.get("metadata");
    if (md != null && !md.isNull()) {
      if (!md.isObject()) {
        problems.add(
            new FieldError(
                "metadata", FieldError.INVALID_TYPE, "metadata must be an object of strings"));
      } else {
        md.properties()
            .forEach(
                e -> {
                  if (e.getValue().isTextual()) {
                    metadata.put(e.getKey(), e.getValue().asText());
                  } else {
                    problems.add(
                        new FieldError(
                            "metadata." + e.getKey(),
                            FieldError.INVALID_TYPE,
                            "metadata values must be strings"));
                  }
                });
      }
    }
    ExecutionMode mode = ExecutionMode.ASYNC;
    JsonNode mo = body.get("mode");
    if (mo != null && !mo.isNull()) {
      if (!mo.isTextual()) {
        problems.add(new FieldError("mode", FieldError.INVALID_TYPE, "mode must be a string"));
      } else {
        try {
          mode = ExecutionMode.valueOf(mo.asText());
        } catch (IllegalArgumentException e) {
          problems.add(
              new FieldError(
                  "mode", FieldError.INVALID_VALUE, "mode must be ASYNC, SYNC or STREAMING"));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw ModelRouteException.invalid(problems);
    }
    return new CreateExecution(model, input, webhookUrl, metadata, mode);
  }

  private void list(Context ctx) {
    ExecutionStatus status = null;
    String s = ctx.queryParam("status");
    if (s != null && !s.isEmpty()) {
      try {
        status = ExecutionStatus.valueOf(s);
      } catch (IllegalArgumentException e) {
        throw ModelRouteException.invalid(
            "status", FieldError.INVALID_VALUE, "unknown status '" + s + "'");
      }
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> q : ctx.queryParamMap().entrySet()) {
      Matcher matcher = METADATA_PARAM.matcher(q.getKey());
      if (matcher.matches() && !q.getValue().isEmpty()) {
        metadata.put(matcher.group(1), q.getValue().get(0));
      }
    }
    String startingAfter = ctx.queryParam("starting_after");
    ExecutionQuery query =
        new ExecutionQuery(
            status,
            blankToNull(ctx.queryParam("model")),
            Requests.instantQuery(ctx, "created_after"),
            Requests.instantQuery(ctx, "created_before"),
            metadata,
            Requests.intQuery(
                ctx, "limit", ExecutionQuery.DEFAULT_LIMIT, 1, ExecutionQuery.MAX_LIMIT),
            blankToNull(startingAfter));
    Page<Execution> page = executions.list(Requests.principal(ctx).orgId(), query);
    Requests.json(
        ctx,
        200,
        new io.modelroute.api.Page<>(
            page.data().stream().map(ExecutionJson::record).toList(),
            page.hasMore(),
            page.nextCursor()));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
