/**
 * The cluster: which nodes share the database ({@code nodes}: registration, heartbeats, liveness
 * for operators) and the limits they enforce together on PostgreSQL — a provider's concurrency
 * limit as leased permit slots, and the per-key rate limit as shared token buckets synced every few
 * hundred milliseconds. On H2 and on the embedded single-node database none of it costs a statement
 * beyond the node's own heartbeat.
 */
package io.modelroute.cluster;
