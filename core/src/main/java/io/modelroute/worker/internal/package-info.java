/**
 * Internal: the claim loop the dispatcher and the webhook worker run on, the signed callback URLs
 * providers answer to, and the cluster-wide provider permits. Not API: used by the engine and the
 * HTTP layer, and may change without notice.
 */
package io.modelroute.worker.internal;
