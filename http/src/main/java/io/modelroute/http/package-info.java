/**
 * The HTTP API: a thin Javalin layer over {@code core}. Handlers parse, call one service method and
 * write JSON; every error leaves through {@link io.modelroute.http.ErrorResponses} in the the error
 * shape of docs/http-api.md.
 */
package io.modelroute.http;
