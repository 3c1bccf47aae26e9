package io.modelroute.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.time.Instant;
import java.util.UUID;

/**
 * The submit baseline: a plain Javalin POST /v1/executions that does the same JSON work a gateway
 * must do at the door — parse the documented body, check {@code model} and {@code input}, read the
 * Authorization and Idempotency-Key headers — and answers 202 with a body shaped like ModelRoute's.
 * No database, no auth lookup, no request log.
 *
 * <p>{@code java -cp bench/target/modelroute-bench.jar io.modelroute.bench.EchoServer PORT}
 */
public final class EchoServer {
  private EchoServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    ObjectMapper mapper = new ObjectMapper();
    Javalin.create(
            c -> {
              c.startup.showJavalinBanner = false;
              c.jetty.host = "127.0.0.1";
              c.jetty.port = port;
              c.routes.get("/readyz", ctx -> ctx.result("ok"));
              c.routes.post(
                  "/v1/executions",
                  ctx -> {
                    String auth = ctx.header("Authorization");
                    String idempotencyKey = ctx.header("Idempotency-Key");
                    JsonNode body = mapper.readTree(ctx.bodyAsBytes());
                    JsonNode model = body.get("model");
                    JsonNode input = body.get("input");
                    if (auth == null
                        || !auth.startsWith("Bearer ")
                        || model == null
                        || !model.isTextual()
                        || input == null
                        || !input.isObject()
                        || !input.path("prompt").isTextual()) {
                      ctx.status(400)
                          .contentType("application/json")
                          .result("{\"error\":{\"code\":\"INPUT_VALIDATION_ERROR\"}}");
                      return;
                    }
                    ObjectNode out = mapper.createObjectNode();
                    out.put("id", "exec_" + UUID.randomUUID());
                    out.put("status", "PENDING");
                    out.put("model", model.asText());
                    out.put("hold_amount", "0.048");
                    out.put("estimated_cost", "0.040");
                    Instant now = Instant.now();
                    out.put("expires_at", now.plusSeconds(300).toString());
                    out.put("created_at", now.toString());
                    if (idempotencyKey != null) {
                      ctx.header("Idempotency-Key", idempotencyKey);
                    }
                    ctx.status(202)
                        .contentType("application/json")
                        .result(mapper.writeValueAsBytes(out));
                  });
            })
        .start();
  }
}
