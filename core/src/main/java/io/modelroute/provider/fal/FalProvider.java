package io.modelroute.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderOutcome.Pending;
import io.modelroute.provider.ProviderRequest;
import io.modelroute.provider.ResponseLimits;
import io.modelroute.provider.internal.ParamTemplate;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code fal} provider: runs models on fal.ai through its queue API (docs/providers.md).
 *
 * <p><b>Start</b> submits {@code POST {queueBaseUrl}/{provider_model}} with {@code Authorization:
 * Key <apiKey>} and the route's {@link ParamTemplate} applied to the canonical input as the JSON
 * body; with a callback URL it adds {@code ?fal_webhook=<callback URL>} and the execution awaits
 * the webhook ({@code AWAITING_WEBHOOK}), polled as a fallback every {@link
 * FalConfig#pollInterval()}. The job id is {@code <app id>/requests/<request id>} (see {@link
 * FalJobId}); fal's app id is the endpoint id without its subpath.
 *
 * <p><b>Poll</b> reads {@code …/requests/{id}/status?logs=1} through a closed table: {@code
 * IN_QUEUE} → pending; {@code IN_PROGRESS} → pending, with the percent of the latest progress-bar
 * log line when there is one; {@code COMPLETED} → the result from {@code …/requests/{id}}, whose
 * error answer (fal reports failures there, not as a status) is classified; {@code FAILED} / {@code
 * ERROR} (not documented by fal, handled defensively) → the result's error, else {@code
 * GENERATION_FAILED}; {@code CANCELED} / {@code CANCELLED} → {@code GENERATION_FAILED}; any other
 * status → still pending, so an unknown status never leaves an execution hanging (it is polled
 * until it resolves or the execution expires).
 *
 * <p><b>Callback</b> takes fal's webhook {@code {request_id, status: "OK"|"ERROR", payload, error,
 * payload_error}}. fal signs it with Ed25519 ({@code X-Fal-Webhook-*} headers, keys from {@link
 * FalWebhookKeys}); the gateway already authenticates the callback URL by its signed per-execution
 * token. A webhook whose signature is missing, stale or wrong, whose keys cannot be fetched, or
 * whose {@code request_id} is not this job's, is not trusted: the adapter asks fal itself, exactly
 * as {@link #poll} does, so a forged or garbled webhook can neither complete nor fail an execution.
 * {@code OK} with a payload completes; {@code OK} without one (fal could not serialize it) reads
 * the result; {@code ERROR} is classified.
 *
 * <p><b>Cancel</b> is {@code PUT …/requests/{id}/cancel}, best effort: failures are logged.
 *
 * <p>Outputs and usage: see {@link FalOutput}; output files are streamed from their URLs when the
 * engine stores them (never with the fal key), {@code data:} URLs are decoded. Errors: see {@link
 * FalErrors}. Thread-safe; one {@link OkHttpClient} per instance.
 */
public final class FalProvider implements Provider {
  /** The provider name routes refer to. */
  public static final String NAME = "fal";

  private static final Logger LOG = LoggerFactory.getLogger(FalProvider.class);

  /**
   * The percent of a progress bar in a runner log line, e.g. tqdm's {@code " 50%|█████ | 14/28"}.
   */
  private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");

  private final FalConfig config;
  private final FalQueue queue;
  private final ResponseLimits limits;
  private final FalWebhookKeys keys;

  /** A provider with its own HTTP client, verifying webhooks with fal's published keys. */
  public FalProvider(FalConfig config) {
    this(config, new OkHttpClient());
  }

  /**
   * A provider on {@code client} (its connection pool and dispatcher are shared; the config's
   * timeouts apply), verifying webhooks with fal's published keys.
   */
  public FalProvider(FalConfig config, OkHttpClient client) {
    this(config, client, null);
  }

  /**
   * A provider on {@code client} verifying webhooks with {@code keys} ({@code null}: fal's
   * published JWKS, {@link FalWebhookKeys#DEFAULT_JWKS_URL}).
   */
  public FalProvider(FalConfig config, OkHttpClient client, FalWebhookKeys keys) {
    this(config, client, keys, ResponseLimits.DEFAULTS);
  }

  /**
   * Like {@link #FalProvider(FalConfig, OkHttpClient, FalWebhookKeys)}, reading at most {@code
   * limits}: queue answers and text results up to {@link ResponseLimits#maxResponseBytes()}, other
   * results (which may inline files) and output downloads up to {@link
   * ResponseLimits#maxMediaBytes()}.
   */
  public FalProvider(
      FalConfig config, OkHttpClient client, FalWebhookKeys keys, ResponseLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.config = Objects.requireNonNull(config, "config");
    OkHttpClient http =
        Objects.requireNonNull(client, "client")
            .newBuilder()
            .connectTimeout(config.connectTimeout())
            .readTimeout(config.readTimeout())
            .writeTimeout(config.readTimeout())
            .build();
    this.queue = new FalQueue(config, http, limits);
    this.keys = keys != null ? keys : FalWebhookKeys.jwks(http, FalWebhookKeys.DEFAULT_JWKS_URL);
  }

  /** Returns {@value #NAME}. */
  @Override
  public String name() {
    return NAME;
  }

  /** Submits the request to fal's queue and returns it as a pending job. */
  @Override
  public ProviderOutcome start(ProviderRequest request) {
    String endpointId = request.route().providerModel();
    String appId = FalJobId.appId(endpointId);
    ObjectNode body;
    try {
      body = ParamTemplate.apply(request.route().params(), request.input());
    } catch (IllegalArgumentException e) {
      throw new ProviderException(
          ErrorCode.INTERNAL_ERROR, "Route params are invalid: " + e.getMessage(), e);
    }
    JsonNode accepted = queue.submit(endpointId, body, request.callbackUrl());
    String requestId = accepted.path("request_id").asText(null);
    if (!FalJobId.isRequestId(requestId)) {
      throw FalErrors.unexpected("no usable request id on submit", null);
    }
    FalJobId job = new FalJobId(appId, requestId);
    LOG.info("execution {}: fal accepted {} as {}", request.executionId(), endpointId, job);
    return pending(request, job, null);
  }

  /** Reads the request's status, and its result once it is done. */
  @Override
  public ProviderOutcome poll(ProviderRequest request, String jobId) {
    FalJobId job = FalJobId.parse(jobId);
    JsonNode status = queue.status(job);
    String state = status.path("status").asText("");
    switch (state) {
      case "IN_QUEUE":
        return pending(request, job, null);
      case "IN_PROGRESS":
        Integer percent = percent(status.path("logs"));
        if (percent != null) {
          request.listener().onProgress(percent);
        }
        return pending(request, job, percent);
      case "COMPLETED":
        return completed(request, queue.result(job, request.model().category()));
      case "FAILED":
      case "ERROR":
        queue.result(
            job, request.model().category()); // throws the classified error when fal reports one
        throw new ProviderException(ErrorCode.GENERATION_FAILED, "The generation failed");
      case "CANCELED":
      case "CANCELLED":
        throw new ProviderException(
            ErrorCode.GENERATION_FAILED, "The generation was cancelled by the provider");
      default:
        LOG.warn(
            "execution {}: fal job {} has unknown status {}; polling on",
            request.executionId(),
            job,
            state.isEmpty() ? "(none)" : state);
        return pending(request, job, null);
    }
  }

  /** Turns fal's webhook into an outcome, asking fal directly when the webhook is not trusted. */
  @Override
  public ProviderOutcome callback(
      ProviderRequest request, String jobId, Map<String, String> headers, byte[] body) {
    FalJobId job = FalJobId.parse(jobId);
    FalWebhookSignature.Verdict verdict =
        FalWebhookSignature.check(headers, body, request.now(), keys);
    if (verdict != FalWebhookSignature.Verdict.VALID) {
      LOG.warn(
          "execution {}: fal webhook for {} not verified ({}); asking fal instead",
          request.executionId(),
          job,
          verdict);
      return poll(request, jobId);
    }
    if (body.length > limits.forBody(request.model().category())) {
      throw ResponseLimits.tooLarge(limits.forBody(request.model().category()));
    }
    JsonNode hook;
    try {
      hook = Json.mapper().readTree(body);
    } catch (IOException e) {
      hook = null;
    }
    if (hook == null
        || !hook.isObject()
        || !job.requestId().equals(hook.path("request_id").asText())) {
      LOG.warn(
          "execution {}: fal webhook is not about {}; asking fal instead",
          request.executionId(),
          job);
      return poll(request, jobId);
    }
    switch (hook.path("status").asText("")) {
      case "OK":
        JsonNode payload = hook.path("payload");
        return completed(
            request, payload.isObject() ? payload : queue.result(job, request.model().category()));
      case "ERROR":
        throw FalErrors.fromWebhook(hook);
      default:
        return poll(request, jobId);
    }
  }

  /** Asks fal to cancel; best effort, failures are logged. */
  @Override
  public void cancel(ProviderRequest request, String jobId) {
    try {
      FalJobId job = FalJobId.parse(jobId);
      JsonNode answer = queue.cancel(job);
      LOG.info(
          "execution {}: fal cancel of {} answered {}",
          request.executionId(),
          job,
          answer.path("status").asText("(no status)"));
    } catch (ProviderException e) {
      LOG.warn(
          "execution {}: fal cancel of {} failed: {} {}",
          request.executionId(),
          jobId,
          e.code(),
          e.getMessage());
    }
  }

  /**
   * Classifies by {@link FalErrors}: timeouts, connection failures, unreadable answers, defects.
   */
  @Override
  public ProviderException classify(Throwable failure) {
    return FalErrors.classify(failure);
  }

  @Override
  public String toString() {
    return "FalProvider[" + config + "]";
  }

  private ProviderOutcome completed(ProviderRequest request, JsonNode payload) {
    return FalOutput.map(request.model().category(), payload, request.input(), queue::download);
  }

  private Pending pending(ProviderRequest request, FalJobId job, Integer percent) {
    return new Pending(job.value(), request.callbackUrl() != null, config.pollInterval(), percent);
  }

  /** The percent of the latest log line that shows one, capped at 99 (done is COMPLETED). */
  static Integer percent(JsonNode logs) {
    if (!logs.isArray()) {
      return null;
    }
    for (int i = logs.size() - 1; i >= 0; i--) {
      Matcher m = PERCENT.matcher(logs.get(i).path("message").asText(""));
      Integer found = null;
      while (m.find()) {
        int value = Integer.parseInt(m.group(1));
        found = value <= 100 ? Math.min(99, value) : found;
      }
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
