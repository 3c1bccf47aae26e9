/**
 * Internal: what the built-in provider adapters share — parameter templates and {@code Retry-After}
 * parsing. Not API: may change without notice; custom providers need only {@link
 * io.modelroute.provider}.
 */
package io.modelroute.provider.internal;
