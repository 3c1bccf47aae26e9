/**
 * Internal: not API, may change without notice. The JDBI stores behind {@link
 * io.modelroute.auth.ApiKeyService} and {@link io.modelroute.auth.OrganizationService}, public only
 * because {@code ModelRoute} and the webhook package wire them.
 */
package io.modelroute.auth.internal;
