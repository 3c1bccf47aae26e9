/**
 * Organizations, API keys and the authentication of requests: the key format with its CRC32
 * checksum, SHA-256 at rest, a short-lived cache of verified keys, FULL and EXECUTION_ONLY
 * permissions, rotation with a grace period and revocation.
 */
package io.modelroute.auth;
