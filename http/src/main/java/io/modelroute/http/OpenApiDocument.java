package io.modelroute.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 description of every route, served at {@code GET /openapi.json}. One table
 * ({@link #OPERATIONS}) lists the operations; a test checks it against the router both ways.
 */
final class OpenApiDocument {
  private static final JsonNodeFactory N = JsonNodeFactory.instance;
  private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

  /** How an operation is authenticated. */
  enum Auth { API_KEY, FULL_KEY, ADMIN, NONE, SIGNED }

  /** One operation: method, path, summary, tag, auth, request schema (or null), success status and schema. */
  record Op(String method, String path, String summary, String tag, Auth auth, String request, int status,
      String response) {}

  static final List<Op> OPERATIONS = List.of(
      new Op("POST", "/v1/executions", "Create an execution (ASYNC 202; SYNC or Prefer: wait → 200 when done; STREAMING → text/event-stream)",
          "executions", Auth.API_KEY, "CreateExecution", 202, "ExecutionAccepted"),
      new Op("GET", "/v1/executions", "List executions, newest first, with filters and cursor pagination",
          "executions", Auth.API_KEY, null, 200, "ExecutionList"),
      new Op("GET", "/v1/executions/{id}", "Get an execution", "executions", Auth.API_KEY, null, 200, "Execution"),
      new Op("GET", "/v1/executions/{id}/result", "Get the result of a COMPLETED execution (409 otherwise)",
          "executions", Auth.API_KEY, null, 200, "ExecutionResult"),
      new Op("POST", "/v1/executions/{id}/cancel", "Cancel a pending or running execution; the hold is released",
          "executions", Auth.API_KEY, null, 200, "Execution"),
      new Op("GET", "/v1/executions/{id}/events", "Server-Sent Events: state, progress, output.delta, terminal event",
          "executions", Auth.API_KEY, null, 200, "EventStream"),
      new Op("GET", "/v1/models", "List the models", "models", Auth.API_KEY, null, 200, "ModelList"),
      new Op("GET", "/v1/models/{slug}", "Get a model", "models", Auth.API_KEY, null, 200, "Model"),
      new Op("GET", "/v1/balance", "Balance, held and available", "billing", Auth.FULL_KEY, null, 200, "Balance"),
      new Op("GET", "/v1/balance/transactions", "Ledger entries, newest first", "billing", Auth.FULL_KEY, null, 200,
          "LedgerPage"),
      new Op("POST", "/v1/api-keys", "Create an API key (the secret is returned once)", "keys", Auth.FULL_KEY,
          "CreateApiKey", 201, "ApiKeyCreated"),
      new Op("GET", "/v1/api-keys", "List active API keys", "keys", Auth.FULL_KEY, null, 200, "ApiKeyList"),
      new Op("POST", "/v1/api-keys/{id}/rotate", "Rotate a key; the old one works one more hour", "keys",
          Auth.FULL_KEY, null, 200, "ApiKeyRotated"),
      new Op("DELETE", "/v1/api-keys/{id}", "Revoke a key", "keys", Auth.FULL_KEY, null, 200, "Deleted"),
      new Op("POST", "/v1/files/upload", "Request a signed one-time upload URL", "files", Auth.API_KEY,
          "UploadRequest", 201, "UploadTicket"),
      new Op("PUT", "/v1/files/upload/{token}", "Upload the raw bytes (signed URL, no API key)", "files", Auth.SIGNED,
          "Bytes", 200, "File"),
      new Op("POST", "/v1/files/confirm", "Confirm an upload", "files", Auth.API_KEY, "ConfirmFile", 200, "File"),
      new Op("GET", "/v1/files/{id}", "Get a file's metadata", "files", Auth.API_KEY, null, 200, "File"),
      new Op("GET", "/v1/files/{id}/download", "Download the bytes (ETag, Range)", "files", Auth.API_KEY, null, 200,
          "Bytes"),
      new Op("GET", "/v1/files/{id}/url", "A signed download URL valid one hour", "files", Auth.API_KEY, null, 200,
          "SignedUrl"),
      new Op("GET", "/v1/files/download/{token}", "Download through a signed URL (no API key)", "files", Auth.SIGNED,
          null, 200, "Bytes"),
      new Op("DELETE", "/v1/files/{id}", "Delete a file and its bytes", "files", Auth.API_KEY, null, 200, "Deleted"),
      new Op("POST", "/v1/webhooks/endpoints", "Register a webhook endpoint (the secret is returned once)",
          "webhooks", Auth.FULL_KEY, "CreateWebhookEndpoint", 201, "WebhookEndpoint"),
      new Op("GET", "/v1/webhooks/endpoints", "List webhook endpoints", "webhooks", Auth.FULL_KEY, null, 200,
          "WebhookEndpointList"),
      new Op("GET", "/v1/webhooks/endpoints/{id}", "Get a webhook endpoint", "webhooks", Auth.FULL_KEY, null, 200,
          "WebhookEndpoint"),
      new Op("PATCH", "/v1/webhooks/endpoints/{id}", "Update url, description, events, headers or is_active",
          "webhooks", Auth.FULL_KEY, "UpdateWebhookEndpoint", 200, "WebhookEndpoint"),
      new Op("DELETE", "/v1/webhooks/endpoints/{id}", "Delete a webhook endpoint", "webhooks", Auth.FULL_KEY, null,
          200, "Deleted"),
      new Op("POST", "/v1/webhooks/endpoints/{id}/test", "Send a webhook.test event", "webhooks", Auth.FULL_KEY,
          null, 200, "Any"),
      new Op("GET", "/v1/webhooks/endpoints/{id}/deliveries", "The endpoint's delivery log", "webhooks",
          Auth.FULL_KEY, null, 200, "Any"),
      new Op("GET", "/v1/webhooks/endpoints/{id}/deliveries/{delivery_id}", "One delivery with its attempts",
          "webhooks", Auth.FULL_KEY, null, 200, "Any"),
      new Op("POST", "/v1/webhooks/endpoints/{id}/deliveries/{delivery_id}/retry", "Deliver again now", "webhooks",
          Auth.FULL_KEY, null, 200, "Any"),
      new Op("POST", "/v1/webhooks/endpoints/{id}/recover",
          "Re-queue the endpoint's failed and expired deliveries of events since a time (202 with the count)",
          "webhooks", Auth.FULL_KEY, "RecoverWebhookDeliveries", 202, "WebhookRecovery"),
      new Op("GET", "/v1/webhooks/signing-secret", "The organization's default secret for per-execution webhook_url",
          "webhooks", Auth.FULL_KEY, null, 200, "Any"),
      new Op("POST", "/v1/providers/{provider}/callback/{token}", "A provider reports on a job (signed, per attempt)",
          "providers", Auth.SIGNED, "Any", 200, "CallbackReceipt"),
      new Op("GET", "/healthz", "Liveness", "operations", Auth.NONE, null, 200, "Status"),
      new Op("GET", "/readyz", "Readiness: database reachable and workers running", "operations", Auth.NONE, null,
          200, "Status"),
      new Op("GET", "/metrics", "Prometheus metrics", "operations", Auth.NONE, null, 200, "Text"),
      new Op("GET", "/openapi.json", "This document", "operations", Auth.NONE, null, 200, "Any"),
      new Op("POST", "/admin/v1/organizations", "Create an organization with credit and a FULL key", "admin",
          Auth.ADMIN, "CreateOrganization", 201, "Organization"),
      new Op("GET", "/admin/v1/organizations", "List organizations", "admin", Auth.ADMIN, null, 200, "Any"),
      new Op("GET", "/admin/v1/organizations/{id}", "Get an organization with its balance", "admin", Auth.ADMIN, null,
          200, "Organization"),
      new Op("PATCH", "/admin/v1/organizations/{id}", "Update an organization (file retention)", "admin", Auth.ADMIN,
          "Any", 200, "Organization"),
      new Op("POST", "/admin/v1/organizations/{id}/credit", "Credit an organization", "admin", Auth.ADMIN, "Credit",
          200, "Balance"),
      new Op("GET", "/admin/v1/executions/{id}", "Any execution with provider and attempt trail", "admin", Auth.ADMIN,
          null, 200, "Any"),
      new Op("GET", "/admin/v1/files/audit", "File audit trail", "admin", Auth.ADMIN, null, 200, "Any"),
      new Op("GET", "/admin/v1/ledger/check", "Check the ledger invariant", "admin", Auth.ADMIN, null, 200, "Any"),
      new Op("GET", "/admin/v1/nodes", "Cluster nodes: live/stale/stopped, last heartbeat, leases held", "admin",
          Auth.ADMIN, null, 200, "Any"));

  private OpenApiDocument() {}

  /** The document as JSON text. */
  static String json(List<Op> extra) {
    List<Op> ops = new ArrayList<>(OPERATIONS);
    ops.addAll(extra);
    ObjectNode doc = N.objectNode();
    doc.put("openapi", "3.1.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "ModelRoute API");
    info.put("version", "0.1.0");
    info.put("description", "Async AI-model execution: submit, hold, route, settle, report. See SPEC.md.");
    info.putObject("license").put("name", "Apache-2.0").put("identifier", "Apache-2.0");
    ObjectNode paths = doc.putObject("paths");
    for (Op op : ops) {
      ObjectNode item = paths.has(op.path()) ? (ObjectNode) paths.get(op.path()) : paths.putObject(op.path());
      ObjectNode o = item.putObject(op.method().toLowerCase(Locale.ROOT));
      o.put("operationId", operationId(op));
      o.put("summary", op.summary());
      o.putArray("tags").add(op.tag());
      ArrayNode params = o.putArray("parameters");
      Matcher m = PARAM.matcher(op.path());
      while (m.find()) {
        params.addObject().put("name", m.group(1)).put("in", "path").put("required", true)
            .putObject("schema").put("type", "string");
      }
      switch (op.auth()) {
        case API_KEY, FULL_KEY -> o.putArray("security").addObject().putArray("apiKey");
        case ADMIN -> o.putArray("security").addObject().putArray("adminToken");
        default -> o.putArray("security");
      }
      if (op.request() != null) {
        ObjectNode body = o.putObject("requestBody").put("required", true).putObject("content");
        String type = op.request().equals("Bytes") ? "application/octet-stream" : "application/json";
        body.putObject(type).putObject("schema").put("$ref", "#/components/schemas/" + op.request());
      }
      ObjectNode responses = o.putObject("responses");
      String type = switch (op.response()) {
        case "Bytes" -> "application/octet-stream";
        case "EventStream" -> "text/event-stream";
        case "Text" -> "text/plain";
        default -> "application/json";
      };
      responses.putObject(Integer.toString(op.status())).put("description", "OK").putObject("content")
          .putObject(type).putObject("schema").put("$ref", "#/components/schemas/" + op.response());
      responses.putObject("default").put("description", "An error in the SPEC §3 shape").putObject("content")
          .putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/Error");
    }
    ObjectNode components = doc.putObject("components");
    ObjectNode security = components.putObject("securitySchemes");
    security.putObject("apiKey").put("type", "http").put("scheme", "bearer")
        .put("description", "sk_<64 hex>_<8 hex CRC32>");
    security.putObject("adminToken").put("type", "http").put("scheme", "bearer")
        .put("description", "The operator token (MODELROUTE_ADMIN_TOKEN)");
    components.set("schemas", Json.readTree(SCHEMAS));
    return Json.write(doc);
  }

  private static String operationId(Op op) {
    String p = op.path().replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_");
    return op.method().toLowerCase(Locale.ROOT) + p;
  }

  private static final String MONEY = "{\"type\":\"string\",\"pattern\":\"^-?\\\\d+\\\\.\\\\d{3,6}$\"}";
  private static final String TIME = "{\"type\":[\"string\",\"null\"],\"format\":\"date-time\"}";

  static final String SCHEMAS = """
      {
        "Any": {},
        "Bytes": {"type": "string", "contentMediaType": "application/octet-stream"},
        "Text": {"type": "string"},
        "EventStream": {"type": "string", "description": "event: execution.state | execution.started | progress | output.delta | execution.completed | execution.failed | execution.cancelled"},
        "Status": {"type": "object", "properties": {"status": {"type": "string"}}},
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object",
          "required": ["code", "message", "retryable", "request_id"], "properties": {
            "code": {"type": "string"}, "message": {"type": "string"}, "retryable": {"type": "boolean"},
            "request_id": {"type": "string"}, "details": {"type": "array", "items": {"type": "object",
              "properties": {"field": {"type": "string"}, "code": {"enum": ["REQUIRED", "OUT_OF_RANGE", "INVALID_TYPE",
                "INVALID_VALUE", "UNKNOWN_FIELD", "RAW_URL_NOT_ALLOWED", "TOO_LONG"]}, "message": {"type": "string"}}}}}}}},
        "CreateExecution": {"type": "object", "required": ["model", "input"], "additionalProperties": false,
          "properties": {"model": {"type": "string"}, "input": {"type": "object"},
            "webhook_url": {"type": ["string", "null"], "format": "uri"},
            "metadata": {"type": "object", "maxProperties": 16, "additionalProperties": {"type": "string", "maxLength": 512}},
            "mode": {"enum": ["ASYNC", "SYNC", "STREAMING"]}}},
        "ExecutionAccepted": {"type": "object", "required": ["id", "status", "model", "hold_amount", "estimated_cost", "expires_at", "created_at"],
          "properties": {"id": {"type": "string"}, "status": {"type": "string"}, "model": {"type": "string"},
            "hold_amount": MONEY, "estimated_cost": MONEY, "expires_at": TIME, "created_at": TIME}},
        "Execution": {"type": "object", "properties": {"id": {"type": "string"}, "object": {"const": "execution"},
          "status": {"enum": ["PENDING", "PROCESSING", "AWAITING_WEBHOOK", "COMPLETED", "FAILED", "CANCELLED", "EXPIRED"]},
          "mode": {"enum": ["ASYNC", "SYNC", "STREAMING"]}, "model": {"type": "string"}, "input": {"type": "object"},
          "metadata": {"type": "object"}, "hold_amount": MONEY, "estimated_cost": MONEY,
          "cost": {"type": ["string", "null"]}, "result": {"type": ["object", "null"]},
          "error": {"type": ["object", "null"]}, "attempts": {"type": "integer"},
          "latency_ms": {"type": ["integer", "null"]}, "webhook_url": {"type": ["string", "null"]},
          "created_at": TIME, "started_at": TIME, "completed_at": TIME, "expires_at": TIME}},
        "ExecutionResult": {"type": "object", "properties": {"execution_id": {"type": "string"}, "status": {"type": "string"},
          "output": {"type": "object"}, "cost": MONEY, "latency_ms": {"type": "integer"}}},
        "ExecutionList": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Execution"}},
          "has_more": {"type": "boolean"}, "next_cursor": {"type": ["string", "null"]}}},
        "Model": {"type": "object", "properties": {"slug": {"type": "string"}, "category": {"enum": ["image", "video", "audio", "text"]},
          "description": {"type": "string"}, "input_schema": {"type": "object"}, "pricing": {"type": "object"},
          "timeout_s": {"type": "integer"}}},
        "ModelList": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Model"}}}},
        "Balance": {"type": "object", "properties": {"balance": MONEY, "held": MONEY, "available": MONEY, "currency": {"const": "USD"}}},
        "LedgerPage": {"type": "object", "properties": {"data": {"type": "array", "items": {"type": "object"}},
          "has_more": {"type": "boolean"}, "next_cursor": {"type": ["string", "null"]}}},
        "CreateApiKey": {"type": "object", "properties": {"label": {"type": "string"}, "permission": {"enum": ["FULL", "EXECUTION_ONLY"]}}},
        "ApiKey": {"type": "object", "properties": {"id": {"type": "string"}, "label": {"type": ["string", "null"]},
          "permission": {"type": "string"}, "prefix": {"type": "string"}, "created_at": TIME, "last_used_at": TIME}},
        "ApiKeyCreated": {"allOf": [{"$ref": "#/components/schemas/ApiKey"}, {"type": "object", "properties": {"key": {"type": "string"}}}]},
        "ApiKeyList": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/ApiKey"}}}},
        "ApiKeyRotated": {"type": "object", "properties": {"id": {"type": "string"}, "new_key": {"type": "string"}, "previous_key_valid_until": TIME}},
        "Deleted": {"type": "object"},
        "UploadRequest": {"type": "object", "properties": {"purpose": {"enum": ["INPUT", "UPLOAD"]}, "ttl_days": {"type": "integer", "minimum": 1, "maximum": 365},
          "filename": {"type": "string"}, "content_type": {"type": "string"}, "size_bytes": {"type": "integer"}}},
        "UploadTicket": {"type": "object", "properties": {"file_id": {"type": "string"}, "upload_url": {"type": "string"}, "expires_at": TIME}},
        "ConfirmFile": {"type": "object", "required": ["file_id"], "properties": {"file_id": {"type": "string"}}},
        "File": {"type": "object", "properties": {"id": {"type": "string"}, "status": {"enum": ["PENDING_UPLOAD", "READY"]},
          "purpose": {"type": "string"}, "content_type": {"type": ["string", "null"]}, "size_bytes": {"type": ["integer", "null"]},
          "sha256": {"type": ["string", "null"]}, "created_at": TIME, "expires_at": TIME}},
        "SignedUrl": {"type": "object", "properties": {"url": {"type": "string"}, "expires_at": TIME, "content_type": {"type": "string"}, "size_bytes": {"type": "integer"}}},
        "CreateWebhookEndpoint": {"type": "object", "required": ["url"], "properties": {"url": {"type": "string", "format": "uri"},
          "description": {"type": "string"}, "events": {"type": "array", "items": {"enum": ["execution.started",
          "execution.completed", "execution.failed", "execution.cancelled"]}}, "headers": {"type": "object",
          "additionalProperties": {"type": "string"}}}},
        "RecoverWebhookDeliveries": {"type": "object", "required": ["since"], "properties": {"since": {"type": "string", "format": "date-time"}}},
        "WebhookRecovery": {"type": "object", "required": ["endpoint_id", "since", "recovered"], "properties": {"endpoint_id": {"type": "string"}, "since": {"type": "string", "format": "date-time"}, "recovered": {"type": "integer"}}},
        "UpdateWebhookEndpoint": {"type": "object", "properties": {"url": {"type": "string"}, "description": {"type": "string"},
          "events": {"type": "array", "items": {"type": "string"}}, "headers": {"type": "object"}, "is_active": {"type": "boolean"}}},
        "WebhookEndpoint": {"type": "object", "properties": {"id": {"type": "string"}, "url": {"type": "string"},
          "description": {"type": ["string", "null"]}, "events": {"type": "array", "items": {"type": "string"}},
          "headers": {"type": "object"}, "is_active": {"type": "boolean"}, "failure_count": {"type": "integer"},
          "last_success": TIME, "last_failure": TIME, "created_at": TIME, "secret": {"type": "string"}}},
        "WebhookEndpointList": {"type": "object", "properties": {"endpoints": {"type": "array", "items": {"$ref": "#/components/schemas/WebhookEndpoint"}}}},
        "CallbackReceipt": {"type": "object", "properties": {"received": {"type": "boolean"}, "result": {"type": "string"}}},
        "CreateOrganization": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "credit": MONEY}},
        "Organization": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "created_at": TIME}},
        "Credit": {"type": "object", "required": ["amount"], "properties": {"amount": MONEY, "description": {"type": "string"}}}
      }
      """.replace("MONEY", MONEY).replace("TIME", TIME);
}
