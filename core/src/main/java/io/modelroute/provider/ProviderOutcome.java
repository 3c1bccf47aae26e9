package io.modelroute.provider;

import io.modelroute.catalog.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a provider call produced: a finished result ({@link Completed}), or a job still running
 * ({@link Pending}). Returned by {@link Provider#start} and {@link Provider#poll}; failures are a
 * thrown {@link ProviderException} instead. Immutable; safe to share.
 */
public sealed interface ProviderOutcome {

  /**
   * The work is done.
   *
   * @param media files produced (images, audio, video), stored by the engine as OUTPUT files
   * @param text text produced (text models), or {@code null}
   * @param usage what was produced, priced by the catalog into the actual cost
   */
  record Completed(List<OutputMedia> media, String text, Usage usage) implements ProviderOutcome {
    public Completed {
      media = List.copyOf(media);
      Objects.requireNonNull(usage, "usage");
    }

    /** A text result with no media. */
    public static Completed text(String text, Usage usage) {
      return new Completed(List.of(), text, usage);
    }
  }

  /**
   * The provider accepted the work and will finish later.
   *
   * @param jobId the provider's id of the job, passed back to {@link Provider#poll} and {@link
   *     Provider#cancel}
   * @param awaitingCallback whether the provider will call back (the execution shows {@code
   *     AWAITING_WEBHOOK}); polling still happens as a fallback
   * @param pollAfter when to poll next
   * @param percent progress reported by the provider, or {@code null}
   */
  record Pending(String jobId, boolean awaitingCallback, Duration pollAfter, Integer percent)
      implements ProviderOutcome {
    public Pending {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(pollAfter, "pollAfter");
    }
  }
}
