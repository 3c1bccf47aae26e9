package io.modelroute.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.modelroute.ErrorCode;
import io.modelroute.FieldError;
import io.modelroute.Json;
import io.modelroute.ModelRouteException;
import io.modelroute.api.ErrorBody;
import io.modelroute.api.ErrorDetail;
import io.modelroute.api.ErrorResponse;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place exceptions become HTTP responses: always an error body (docs/http-api.md) with the
 * request id, never a stack trace or HTML.
 */
final class ErrorResponses {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
  static final String WRITTEN = "mr.error-written";

  private ErrorResponses() {}

  static void write(Context ctx, ModelRouteException e) {
    if (e.code() == ErrorCode.INTERNAL_ERROR && DatabaseOutage.causes(e)) {
      e = new DatabaseOutage(e);
    }
    e.retryAfterSeconds().ifPresent(s -> ctx.header("Retry-After", Long.toString(s)));
    if (e.retryAfterSeconds().isEmpty() && e.code().httpStatus() == 503) {
      ctx.header(
          "Retry-After",
          Long.toString(DatabaseOutage.RETRY_AFTER_SECONDS)); // every 503 says when to retry
    }
    if (e.code() == ErrorCode.UNAUTHORIZED) {
      ctx.header("WWW-Authenticate", challenge(ctx.header("Authorization")));
    }
    ctx.attribute(WRITTEN, Boolean.TRUE);
    ctx.status(e.code().httpStatus())
        .contentType("application/json")
        .result(body(e, Requests.requestId(ctx)));
  }

  /**
   * The RFC 6750 challenge of a 401: {@code error="invalid_token"} when a bearer token was sent
   * (and refused), none when the request carried no bearer credentials at all.
   */
  static String challenge(String authorization) {
    boolean sent =
        authorization != null
            && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            && !authorization.substring(7).isBlank();
    return sent
        ? "Bearer realm=\"modelroute\", error=\"invalid_token\""
        : "Bearer realm=\"modelroute\"";
  }

  /** The an error body (docs/http-api.md) of {@code e}. */
  static String body(ModelRouteException e, String requestId) {
    List<ErrorDetail> details = new ArrayList<>(e.details().size());
    for (FieldError d : e.details()) {
      details.add(new ErrorDetail(d.field(), d.code(), d.message()));
    }
    return Json.write(
        new ErrorResponse(
            new ErrorBody(e.code().name(), e.getMessage(), e.retryable(), requestId, details)));
  }

  static void unexpected(Context ctx, Exception e) {
    if (e instanceof HttpResponseException h) {
      write(ctx, fromStatus(h.getStatus(), h.getMessage()));
      return;
    }
    if (DatabaseOutage.causes(e)) {
      LOG.warn(
          "request {} {} {}: database unavailable: {}",
          Requests.requestId(ctx),
          ctx.method(),
          FileRoutes.loggable(ctx.path()),
          rootMessage(e));
      write(ctx, new DatabaseOutage(e));
      return;
    }
    LOG.error(
        "request {} {} {} failed",
        Requests.requestId(ctx),
        ctx.method(),
        FileRoutes.loggable(ctx.path()),
        e);
    write(
        ctx,
        new ModelRouteException(
            ErrorCode.INTERNAL_ERROR, "Internal error; quote the request id to support"));
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /** For responses Javalin produced itself (unknown route, wrong method, oversized body). */
  static void forStatus(Context ctx) {
    if (Boolean.TRUE.equals(ctx.attribute(WRITTEN))) {
      return;
    }
    write(ctx, fromStatus(ctx.status().getCode(), null));
  }

  /**
   * The error for a bare HTTP status that Javalin or Jetty produced, with Jetty's short reason
   * (e.g. "No Host") when there is one.
   */
  static ModelRouteException fromStatus(int status, String message) {
    return switch (status) {
      case 404 -> new ModelRouteException(ErrorCode.NOT_FOUND, "No such route");
      case 405 ->
          new ModelRouteException(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed on this route");
      case 413 -> new ModelRouteException(ErrorCode.PAYLOAD_TOO_LARGE, "Request body too large");
      case 415 ->
          new ModelRouteException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type");
      case 401 -> new ModelRouteException(ErrorCode.UNAUTHORIZED, "Unauthorized");
      case 403 -> new ModelRouteException(ErrorCode.FORBIDDEN, "Forbidden");
      case 414 -> new ModelRouteException(ErrorCode.INPUT_VALIDATION_ERROR, "Request URI too long");
      case 431 ->
          new ModelRouteException(ErrorCode.INPUT_VALIDATION_ERROR, "Request headers too large");
      case 505 ->
          new ModelRouteException(
              ErrorCode.INPUT_VALIDATION_ERROR, "HTTP version not supported: use HTTP/1.1");
      case 503 -> new ModelRouteException(ErrorCode.SERVICE_UNAVAILABLE, "Service unavailable");
      default ->
          status >= 400 && status < 500
              ? new ModelRouteException(
                  ErrorCode.INPUT_VALIDATION_ERROR,
                  message == null ? "Bad request" : "Bad request: " + message)
              : new ModelRouteException(
                  ErrorCode.INTERNAL_ERROR, "Internal error; quote the request id to support");
    };
  }
}
