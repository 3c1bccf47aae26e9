/**
 * The provider SPI: what a place that runs models implements ({@link
 * io.modelroute.provider.Provider}), what it is given ({@link
 * io.modelroute.provider.ProviderRequest}, {@link io.modelroute.provider.InputFile}, {@link
 * io.modelroute.provider.ProgressListener}) and what it hands back ({@link
 * io.modelroute.provider.ProviderOutcome}, {@link io.modelroute.provider.OutputMedia}, {@link
 * io.modelroute.provider.ProviderException}). Implement it for a custom provider and register it
 * with {@link io.modelroute.ModelRouteConfig.Builder#providers}. The built-in adapters live in the
 * subpackages {@code demo}, {@code openai}, {@code replicate} and {@code fal}.
 */
package io.modelroute.provider;
