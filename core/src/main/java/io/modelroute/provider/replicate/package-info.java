/**
 * The {@code replicate} provider: runs executions through the Replicate predictions API. A
 * prediction is created with the execution's signed callback URL as its webhook (the execution
 * waits in {@code AWAITING_WEBHOOK}); Replicate's call back, verified with its Standard Webhooks
 * signature, completes it, and polling the prediction is the fallback when a callback is lost.
 * Output files are streamed from Replicate's delivery URLs so the engine can re-host them before
 * Replicate deletes them (about an hour after the prediction).
 *
 * <p>Only {@link io.modelroute.provider.replicate.ReplicateProvider} and {@link
 * io.modelroute.provider.replicate.ReplicateConfig} are API. The status table ({@code
 * PredictionStatus}), the error table ({@code ReplicateErrors}), the output mapping ({@code
 * PredictionOutputs}) and the webhook verifier ({@code WebhookSignature}) are package-private.
 */
package io.modelroute.provider.replicate;
