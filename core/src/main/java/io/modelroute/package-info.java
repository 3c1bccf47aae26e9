/**
 * The front door of the library: {@link io.modelroute.ModelRoute} (start one from a {@link
 * io.modelroute.ModelRouteConfig} and use the services it hands out), exact amounts ({@link
 * io.modelroute.Money}), the one error root ({@link io.modelroute.ModelRouteException} with a
 * stable {@link io.modelroute.ErrorCode} and {@link io.modelroute.FieldError} details) and the
 * shared JSON mapper ({@link io.modelroute.Json}). Every public type of {@code modelroute-core}
 * outside an {@code internal} package is API, listed in {@code public-api.txt} and checked by
 * {@code PublicApiTest}; {@code internal} packages are not API and may change without notice.
 */
package io.modelroute;
