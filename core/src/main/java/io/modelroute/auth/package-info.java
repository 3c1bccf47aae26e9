/**
 * Organizations, API keys and the authentication of requests: the key format with its CRC32
 * checksum, SHA-256 at rest, a short-lived cache of verified keys, FULL and EXECUTION_ONLY
 * permissions, rotation with a grace period and revocation. {@link
 * io.modelroute.auth.OrganizationService}, {@link io.modelroute.auth.ApiKeyService} and the records
 * they return are the API; {@link io.modelroute.auth.ConsoleSessions} serves the HTTP layer's web
 * console; the JDBI stores live in {@code io.modelroute.auth.internal}.
 */
package io.modelroute.auth;
