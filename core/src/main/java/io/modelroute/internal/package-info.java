/**
 * Internal: helpers every package of the engine shares, such as {@link io.modelroute.internal.Ids}
 * (identifiers and the one cryptographic random source). Not API: may change without notice.
 */
package io.modelroute.internal;
