package io.modelroute.provider.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.catalog.Usage;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderOutcome.Completed;
import io.modelroute.provider.ProviderOutcome.Pending;
import io.modelroute.provider.ProviderRequest;
import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in {@code demo} provider (docs/providers.md): makes real outputs locally, chosen by the
 * model's category — a PNG drawn from the prompt (IMAGE), a looping animated GIF (VIDEO; panned and
 * zoomed over the input file named by {@code source_image} when there is one), a WAV melody (AUDIO)
 * or a paragraph streamed in chunks (TEXT). Outputs are deterministic in the input, so retries and
 * tests see the same bytes.
 *
 * <p>Route params configure it: {@code latency_ms} (default 0) makes {@link #start} return a {@link
 * Pending} job that {@link #poll} completes once the request's clock reaches {@code startedAt +
 * latency}; the job id carries that instant, so no state is kept and jobs survive restarts. {@code
 * failure_code} (one of the twelve execution codes) with {@code failure_rate} (0–1, default 1)
 * makes {@link #start} fail for that share of executions, chosen by a hash of the execution id. Bad
 * params fail with {@code INTERNAL_ERROR}.
 *
 * <p>Stateless and thread-safe. Reads only the request's clock values, never the system clock.
 */
public final class DemoProvider implements Provider {
  /** The provider name routes refer to. */
  public static final String NAME = "demo";

  /** The input field image-to-video models name their first frame in. */
  static final String SOURCE_IMAGE = "source_image";

  private static final Pattern JOB_ID = Pattern.compile("demo_(\\d{1,18})_[0-9a-f]{16}");

  /** Creates the provider; it needs no configuration. */
  public DemoProvider() {}

  /** Returns {@value #NAME}. */
  @Override
  public String name() {
    return NAME;
  }

  /**
   * Fails as the route's failure injection says, otherwise makes the output now (no latency) or
   * returns a pending job ready at {@code startedAt + latency_ms}.
   */
  @Override
  public ProviderOutcome start(ProviderRequest request) {
    DemoParams params = DemoParams.from(request.route().params());
    Optional<ErrorCode> failure = params.failureFor(request.executionId());
    if (failure.isPresent()) {
      throw new ProviderException(failure.get(), injected(failure.get()));
    }
    if (params.latencyMs() == 0) {
      return produce(request);
    }
    Instant readyAt = request.startedAt().plusMillis(params.latencyMs());
    return progress(request, jobId(readyAt, request.executionId()), readyAt);
  }

  /**
   * Completes the job once the request's {@code now} reaches its ready time, else reports progress.
   */
  @Override
  public ProviderOutcome poll(ProviderRequest request, String jobId) {
    Matcher matcher = JOB_ID.matcher(jobId);
    if (!matcher.matches()) {
      throw new ProviderException(ErrorCode.INTERNAL_ERROR, "Unknown job id: " + jobId);
    }
    ProviderOutcome outcome =
        progress(request, jobId, Instant.ofEpochMilli(Long.parseLong(matcher.group(1))));
    if (outcome instanceof Pending pending) {
      request.listener().onProgress(pending.percent());
    }
    return outcome;
  }

  /** Does nothing: a demo job has nothing running to stop. */
  @Override
  public void cancel(ProviderRequest request, String jobId) {}

  /** What an injected failure tells the tenant: the failure, never the provider. */
  static String injected(ErrorCode code) {
    return switch (code) {
      case INPUT_VALIDATION_ERROR -> "The model rejected the input (injected failure)";
      case CONTENT_MODERATION_REJECTED ->
          "The request was rejected by content moderation (injected failure)";
      case FILE_NOT_FOUND -> "An input file was not found (injected failure)";
      case FILE_FORMAT_UNSUPPORTED -> "An input file's format is not supported (injected failure)";
      case RATE_LIMITED -> "The model's rate limit was reached (injected failure)";
      case MODEL_OVERLOADED -> "The model is overloaded (injected failure)";
      case MODEL_UNAVAILABLE -> "The model is not available (injected failure)";
      case GENERATION_TIMEOUT -> "The generation timed out (injected failure)";
      case INSUFFICIENT_BALANCE -> "The balance is insufficient (injected failure)";
      case SERVICE_UNAVAILABLE -> "The service is unavailable (injected failure)";
      case INTERNAL_ERROR -> "Internal error (injected failure)";
      default -> "The generation failed (injected failure)";
    };
  }

  static String jobId(Instant readyAt, String executionId) {
    return String.format(
        Locale.ROOT, "demo_%d_%016x", readyAt.toEpochMilli(), DemoRandom.hash("job", executionId));
  }

  private ProviderOutcome progress(ProviderRequest request, String jobId, Instant readyAt) {
    Instant now = request.now();
    if (!now.isBefore(readyAt)) {
      return produce(request);
    }
    long total = Duration.between(request.startedAt(), readyAt).toMillis();
    long elapsed = Duration.between(request.startedAt(), now).toMillis();
    int percent = total <= 0 ? 99 : (int) Math.max(0, Math.min(99, elapsed * 100 / total));
    return new Pending(jobId, false, Duration.between(now, readyAt), percent);
  }

  private static Completed produce(ProviderRequest request) {
    ObjectNode input = request.input();
    try {
      return switch (request.model().category()) {
        case IMAGE -> image(input);
        case VIDEO ->
            video(input, request.inputFile(SOURCE_IMAGE).map(DemoSourceImage::read).orElse(null));
        case AUDIO -> audio(input);
        case TEXT -> text(input, request);
      };
    } catch (UncheckedIOException e) {
      throw new ProviderException(ErrorCode.INTERNAL_ERROR, "The output could not be encoded", e);
    }
  }

  private static Completed image(ObjectNode input) {
    int width = DemoImage.WIDTH.intIn(input, "width");
    int height = DemoImage.HEIGHT.intIn(input, "height");
    byte[] png = DemoImage.png(InputFields.prompt(input), InputFields.seed(input), width, height);
    return new Completed(
        List.of(OutputMedia.ofBytes("image/png", "png", width, height, null, png)),
        null,
        Usage.megapixels(BigDecimal.valueOf((long) width * height).movePointLeft(6)));
  }

  /**
   * A VIDEO result for {@code input}: animated from its prompt, or — the hook for image-to-video
   * models — panned and zoomed over {@code source} when it is not {@code null}.
   */
  static Completed video(ObjectNode input, BufferedImage source) {
    int width = DemoVideo.WIDTH.intIn(input, "width");
    int height = DemoVideo.HEIGHT.intIn(input, "height");
    double seconds = DemoVideo.SECONDS.decimalIn(input, "duration").doubleValue();
    byte[] gif =
        source == null
            ? DemoVideo.gifFromPrompt(
                InputFields.prompt(input), InputFields.seed(input), width, height, seconds)
            : DemoVideo.gifFromImage(source, width, height, seconds);
    BigDecimal duration = DemoVideo.duration(AnimatedGif.frameCount(seconds));
    return new Completed(
        List.of(OutputMedia.ofBytes("image/gif", "gif", width, height, duration, gif)),
        null,
        Usage.seconds(duration));
  }

  private static Completed audio(ObjectNode input) {
    BigDecimal seconds = DemoAudio.duration(DemoAudio.SECONDS.decimalIn(input, "duration"));
    byte[] wav = DemoAudio.wav(InputFields.prompt(input), InputFields.seed(input), seconds);
    return new Completed(
        List.of(OutputMedia.ofBytes("audio/wav", "wav", null, null, seconds, wav)),
        null,
        Usage.seconds(seconds));
  }

  private static Completed text(ObjectNode input, ProviderRequest request) {
    String prompt = InputFields.prompt(input);
    int maxTokens = DemoText.MAX_TOKENS.intIn(input, "max_tokens");
    List<String> words = DemoText.words(prompt, InputFields.seed(input), maxTokens);
    for (String chunk : DemoText.chunks(words)) {
      request.listener().onDelta(chunk);
    }
    return Completed.text(
        String.join(" ", words), Usage.tokens(DemoText.inputTokens(prompt), words.size()));
  }
}
