package io.modelroute.execution.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Decides whether a URL may receive webhook deliveries: the per-execution {@code webhook_url} is
 * checked with it when the execution is created. The webhook package supplies the real policy
 * (https only, no private or metadata addresses); {@link #syntaxOnly()} is the fallback for engines
 * wired without it.
 */
@FunctionalInterface
public interface WebhookUrlPolicy {
  /** Longest URL accepted. */
  int MAX_URL_LENGTH = 2048;

  /** Why {@code url} is refused, as a message for the client, or empty when it is acceptable. */
  Optional<String> problem(String url);

  /** Accepts any absolute http(s) URL of at most {@link #MAX_URL_LENGTH} characters. */
  static WebhookUrlPolicy syntaxOnly() {
    return url -> {
      try {
        URI uri = new URI(url);
        if (url.length() <= MAX_URL_LENGTH
            && uri.getHost() != null
            && ("https".equalsIgnoreCase(uri.getScheme())
                || "http".equalsIgnoreCase(uri.getScheme()))) {
          return Optional.empty();
        }
      } catch (URISyntaxException e) {
        // refused below
      }
      return Optional.of(
          "webhook_url must be an absolute http(s) URL of at most "
              + MAX_URL_LENGTH
              + " characters");
    };
  }
}
