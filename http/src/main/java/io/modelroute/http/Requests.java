package io.modelroute.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.modelroute.ErrorCode;
import io.modelroute.FieldError;
import io.modelroute.Json;
import io.modelroute.ModelRouteException;
import io.modelroute.auth.Principal;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Small, strict helpers shared by the route classes: request id, caller, body and query parsing.
 */
final class Requests {
  static final String REQUEST_ID = "mr.request-id";
  static final String PRINCIPAL = "mr.principal";

  private Requests() {}

  static String requestId(Context ctx) {
    String id = ctx.attribute(REQUEST_ID);
    return id == null ? "req_unknown" : id;
  }

  static Principal principal(Context ctx) {
    Principal p = ctx.attribute(PRINCIPAL);
    if (p == null) {
      throw new ModelRouteException(ErrorCode.UNAUTHORIZED, "Missing API key");
    }
    return p;
  }

  /** The caller, who must hold a FULL key: {@code 403 FORBIDDEN} for EXECUTION_ONLY keys. */
  static Principal fullPrincipal(Context ctx) {
    Principal p = principal(ctx);
    p.requireFull();
    return p;
  }

  /** Writes {@code body} as JSON with {@code status}. */
  static void json(Context ctx, int status, Object body) {
    ctx.status(status)
        .contentType("application/json")
        .result(body instanceof String s ? s : Json.write(body));
  }

  /**
   * The request body as a JSON object: 415 unless the content type is JSON, 413 past the limit, 400
   * for malformed JSON, too-deep nesting or a non-object.
   */
  static ObjectNode jsonObject(Context ctx, long maxBytes) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ModelRouteException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw new ModelRouteException(
          ErrorCode.PAYLOAD_TOO_LARGE, "Request body exceeds " + maxBytes + " bytes");
    }
    byte[] bytes;
    try {
      bytes = ctx.bodyInputStream().readNBytes((int) maxBytes + 1);
    } catch (IOException e) {
      throw ModelRouteException.invalid(
          "body", FieldError.INVALID_VALUE, "request body could not be read");
    }
    if (bytes.length > maxBytes) {
      throw new ModelRouteException(
          ErrorCode.PAYLOAD_TOO_LARGE, "Request body exceeds " + maxBytes + " bytes");
    }
    JsonNode node;
    try {
      node = Json.mapper().readTree(bytes);
    } catch (StreamConstraintsException e) {
      throw ModelRouteException.invalid(
          "body",
          FieldError.INVALID_VALUE,
          "JSON nesting or number too large (max depth " + Json.MAX_DEPTH + ")");
    } catch (JsonProcessingException e) {
      throw ModelRouteException.invalid(
          "body",
          FieldError.INVALID_VALUE,
          "malformed JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw ModelRouteException.invalid("body", FieldError.INVALID_VALUE, "malformed JSON");
    }
    if (node == null || !node.isObject()) {
      throw ModelRouteException.invalid(
          "body", FieldError.INVALID_TYPE, "the body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  /** An empty object when the body is empty, else {@link #jsonObject}. */
  static ObjectNode optionalJsonObject(Context ctx, long maxBytes) {
    if (ctx.req().getContentLengthLong() == 0
        || (ctx.contentType() == null && ctx.req().getContentLengthLong() <= 0)) {
      return Json.mapper().createObjectNode();
    }
    return jsonObject(ctx, maxBytes);
  }

  /** Refuses fields other than {@code allowed} with UNKNOWN_FIELD. */
  static void onlyFields(ObjectNode body, Set<String> allowed) {
    Iterator<String> names = body.fieldNames();
    java.util.List<FieldError> unknown = new java.util.ArrayList<>();
    while (names.hasNext()) {
      String n = names.next();
      if (!allowed.contains(n)) {
        unknown.add(new FieldError(n, FieldError.UNKNOWN_FIELD, "unknown field '" + n + "'"));
      }
    }
    if (!unknown.isEmpty()) {
      throw ModelRouteException.invalid(unknown);
    }
  }

  /** A string field, or null when absent/null; INVALID_TYPE when not a string. */
  static String optionalString(ObjectNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ModelRouteException.invalid(
          field, FieldError.INVALID_TYPE, field + " must be a string");
    }
    return v.asText();
  }

  static String requiredString(ObjectNode body, String field) {
    String v = optionalString(body, field);
    if (v == null || v.isBlank()) {
      throw ModelRouteException.invalid(field, FieldError.REQUIRED, field + " is required");
    }
    return v;
  }

  /** An integer query parameter within bounds, or {@code dflt} when absent. */
  static int intQuery(Context ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      int i = Integer.parseInt(v.trim());
      if (i < min || i > max) {
        throw ModelRouteException.invalid(
            name, FieldError.OUT_OF_RANGE, name + " must be between " + min + " and " + max);
      }
      return i;
    } catch (NumberFormatException e) {
      throw ModelRouteException.invalid(
          name, FieldError.INVALID_TYPE, name + " must be an integer");
    }
  }

  /** An ISO-8601 instant query parameter (or Unix seconds), or null when absent. */
  static Instant instantQuery(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      if (v.matches("\\d{1,12}")) {
        return Instant.ofEpochSecond(Long.parseLong(v));
      }
      // an offset is required; seconds may be left out, as OffsetDateTime.toString() does on a
      // whole minute
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw ModelRouteException.invalid(
          name,
          FieldError.INVALID_VALUE,
          name + " must be an ISO-8601 UTC time like 2026-03-20T10:30:00Z or Unix seconds");
    }
  }
}
