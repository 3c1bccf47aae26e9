package io.modelroute.cli;

import io.modelroute.provider.Provider;
import io.modelroute.provider.fal.FalConfig;
import io.modelroute.provider.fal.FalProvider;
import io.modelroute.provider.openai.OpenAiConfig;
import io.modelroute.provider.openai.OpenAiProvider;
import io.modelroute.provider.replicate.ReplicateConfig;
import io.modelroute.provider.replicate.ReplicateProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the third-party providers from environment variables, at the edge (credentials never come
 * from clients and are never logged):
 *
 * <ul>
 *   <li>{@code OPENAI_API_KEY} and/or {@code OPENAI_BASE_URL} (+ {@code OPENAI_ORG_ID}) → {@code
 *       openai}; {@code OPENAI_COMPAT_<NAME>_BASE_URL} (+ {@code _API_KEY}) → another
 *       OpenAI-compatible provider named {@code <name>} in lowercase with {@code _} as {@code -};
 *   <li>{@code REPLICATE_API_TOKEN} (+ {@code REPLICATE_BASE_URL}, {@code
 *       REPLICATE_WEBHOOK_SIGNING_SECRET}) → {@code replicate};
 *   <li>{@code FAL_KEY} (+ {@code FAL_QUEUE_BASE_URL}) → {@code fal}.
 * </ul>
 */
final class ProviderEnvironment {
  private ProviderEnvironment() {}

  static List<Provider> fromEnvironment(Map<String, String> env) {
    List<Provider> providers = new ArrayList<>();
    if (present(env, "OPENAI_API_KEY") || present(env, "OPENAI_BASE_URL")) {
      OpenAiConfig c =
          new OpenAiConfig(
              null,
              uri(env, "OPENAI_BASE_URL"),
              env.get("OPENAI_API_KEY"),
              env.get("OPENAI_ORG_ID"),
              null,
              null,
              null);
      providers.add(new OpenAiProvider(c));
    }
    Map<String, String> compat = new TreeMap<>();
    env.forEach(
        (k, v) -> {
          if (k.startsWith("OPENAI_COMPAT_")
              && k.endsWith("_BASE_URL")
              && v != null
              && !v.isBlank()) {
            compat.put(
                k.substring("OPENAI_COMPAT_".length(), k.length() - "_BASE_URL".length()), v);
          }
        });
    compat.forEach(
        (suffix, url) ->
            providers.add(
                new OpenAiProvider(
                    new OpenAiConfig(
                        suffix.toLowerCase(Locale.ROOT).replace('_', '-'),
                        URI.create(url.trim()),
                        env.get("OPENAI_COMPAT_" + suffix + "_API_KEY"),
                        null,
                        null,
                        null,
                        null))));
    if (present(env, "REPLICATE_API_TOKEN")) {
      ReplicateConfig c = ReplicateConfig.of(env.get("REPLICATE_API_TOKEN").trim());
      if (present(env, "REPLICATE_BASE_URL")) {
        c = c.withBaseUrl(uri(env, "REPLICATE_BASE_URL"));
      }
      if (present(env, "REPLICATE_WEBHOOK_SIGNING_SECRET")) {
        c = c.withWebhookSigningSecret(env.get("REPLICATE_WEBHOOK_SIGNING_SECRET").trim());
      }
      providers.add(new ReplicateProvider(c));
    }
    if (present(env, "FAL_KEY")) {
      providers.add(
          new FalProvider(
              new FalConfig(
                  uri(env, "FAL_QUEUE_BASE_URL"), env.get("FAL_KEY").trim(), null, null, null)));
    }
    return providers;
  }

  private static boolean present(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isBlank();
  }

  private static URI uri(Map<String, String> env, String name) {
    return present(env, name) ? URI.create(env.get(name).trim()) : null;
  }
}
