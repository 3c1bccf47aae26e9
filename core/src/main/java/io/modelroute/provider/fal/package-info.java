/**
 * The {@code fal} provider adapter (docs/providers.md): fal.ai's queue API — submit, status,
 * result, cancel — with its webhook as the fast path and polling as the fallback, fal's errors
 * classified into the twelve execution codes ({@code FalErrors}), and fal's model-specific results
 * turned into canonical media, text and usage ({@code FalOutput}). Only {@link
 * io.modelroute.provider.fal.FalProvider}, its {@link io.modelroute.provider.fal.FalConfig} and
 * {@link io.modelroute.provider.fal.FalWebhookKeys} are API; operator notes are in {@code
 * docs/provider-fal.md}.
 */
package io.modelroute.provider.fal;
