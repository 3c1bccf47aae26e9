package io.modelroute.provider.replicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import io.modelroute.provider.replicate.ReplicateErrors.Call;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The {@code replicate} provider (docs/providers.md): runs executions as Replicate predictions.
 *
 * <ul>
 *   <li>{@link #start}: {@code POST /predictions} (or {@code /models/{owner}/{name}/predictions}
 *       for an official model, {@code /deployments/{owner}/{name}/predictions} for a deployment;
 *       see the route's {@code provider_model} forms below) with {@code input} built by {@link
 *       ParamTemplate} from the route's {@code params.input}, and — when the request has a callback
 *       URL — {@code webhook} plus {@code webhook_events_filter: ["completed"]}. Returns {@link
 *       Pending} with the prediction id, awaiting the callback when one was given.
 *   <li>{@link #callback}: the prediction JSON Replicate posts to the webhook; its Standard
 *       Webhooks signature is checked when {@link ReplicateConfig#webhookSigningSecret()} is set.
 *   <li>{@link #poll}: {@code GET /predictions/{id}}, the fallback for a lost callback.
 *   <li>{@link #cancel}: {@code POST /predictions/{id}/cancel}.
 * </ul>
 *
 * <p>Route {@code provider_model}: {@code owner/name} (official model), {@code owner/name:version}
 * or a 64-hex version id (community model version), {@code deployments/owner/name}.
 *
 * <p>Statuses follow a closed table: {@code starting}, {@code processing} and any status not known
 * today → Pending (progress read from tqdm bars in {@code logs} when there are any); {@code
 * succeeded} → Completed; {@code failed} → the {@code error} text classified; {@code canceled} and
 * {@code aborted} → retryable {@code GENERATION_FAILED}. Output files are streamed from Replicate
 * when the engine re-hosts them (Replicate deletes them after about an hour). Errors follow the
 * table of {@code ReplicateErrors}; our credentials or billing refused are {@code
 * SERVICE_UNAVAILABLE} (retryable, so the router fails over; the client is never blamed).
 *
 * <p>Thread-safe and stateless apart from one {@link OkHttpClient}; the token is only ever sent in
 * the {@code Authorization} header to the API host and to Replicate's file delivery host, and never
 * logged.
 */
public final class ReplicateProvider implements Provider {
  /** The provider name routes refer to. */
  public static final String NAME = "replicate";

  /** A tqdm progress bar in the logs, e.g. {@code " 45%|████▌ | 23/50"}. */
  private static final Pattern PROGRESS = Pattern.compile("(\\d{1,3})%\\|");

  private static final int LOG_TAIL = 4096;

  private final ReplicateConfig config;
  private final ReplicateApi api;
  private final ResponseLimits limits;
  private final WebhookSignature signature;

  /** A provider with its own HTTP client. */
  public ReplicateProvider(ReplicateConfig config) {
    this(config, new OkHttpClient());
  }

  /**
   * A provider on {@code client} (sharing its connection pool and dispatcher), with the
   * configuration's timeouts applied; for tests and for hosts that share one client.
   */
  public ReplicateProvider(ReplicateConfig config, OkHttpClient client) {
    this(config, client, ResponseLimits.DEFAULTS);
  }

  /**
   * Like {@link #ReplicateProvider(ReplicateConfig, OkHttpClient)}, reading at most {@code limits}:
   * prediction JSON of text models up to {@link ResponseLimits#maxResponseBytes()}, of other models
   * and output downloads up to {@link ResponseLimits#maxMediaBytes()}.
   */
  public ReplicateProvider(ReplicateConfig config, OkHttpClient client, ResponseLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.config = Objects.requireNonNull(config, "config");
    OkHttpClient configured =
        Objects.requireNonNull(client, "client")
            .newBuilder()
            .connectTimeout(config.connectTimeout())
            .readTimeout(config.readTimeout())
            .writeTimeout(config.readTimeout())
            .build();
    this.api =
        new ReplicateApi(
            configured, HttpUrl.get(config.baseUrl().toString()), config.apiToken(), limits);
    this.signature =
        config.webhookSigningSecret() == null
            ? null
            : new WebhookSignature(config.webhookSigningSecret());
  }

  /** Returns {@value #NAME}. */
  @Override
  public String name() {
    return NAME;
  }

  /** Creates the prediction; see the class comment for the request. */
  @Override
  public ProviderOutcome start(ProviderRequest request) {
    ModelRef model = ModelRef.parse(request.route().providerModel());
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (model.version() != null) {
      body.put("version", model.version());
    }
    try {
      body.set("input", ParamTemplate.apply(request.route().params(), request.input()));
    } catch (IllegalArgumentException e) {
      throw new ProviderException(
          ErrorCode.INTERNAL_ERROR, "Invalid route params: " + e.getMessage(), e);
    }
    if (request.callbackUrl() != null) {
      body.put("webhook", request.callbackUrl().toString());
      body.putArray("webhook_events_filter").add("completed");
    }
    JsonNode prediction =
        api.post(
            model.createUrl(api.base()),
            body,
            Call.CREATE,
            limits.forBody(request.model().category()));
    String id = prediction.path("id").asText("");
    if (id.isBlank()) {
      throw new ProviderException(
          ErrorCode.GENERATION_FAILED, "The upstream provider returned no job id");
    }
    return outcome(request, id, prediction);
  }

  /** Reads the prediction and maps its status. */
  @Override
  public ProviderOutcome poll(ProviderRequest request, String jobId) {
    return outcome(
        request,
        jobId,
        api.get(api.prediction(jobId), Call.READ, limits.forBody(request.model().category())));
  }

  /**
   * Maps the prediction Replicate posted to the webhook, exactly like {@link #poll}. A callback
   * that fails the signature check (when a secret is configured), is not JSON or names another
   * prediction throws {@code INTERNAL_ERROR} with a message starting {@code "Callback refused:"}; a
   * failed prediction never maps to {@code INTERNAL_ERROR}, so that code alone tells the caller to
   * refuse the callback.
   */
  @Override
  public ProviderOutcome callback(
      ProviderRequest request, String jobId, Map<String, String> headers, byte[] body) {
    if (signature != null) {
      signature.verify(headers, body, request.now());
    }
    if (body.length > limits.forBody(request.model().category())) {
      throw ResponseLimits.tooLarge(limits.forBody(request.model().category()));
    }
    JsonNode prediction;
    try {
      prediction = Json.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw WebhookSignature.refused("body is not JSON");
    } catch (IOException e) {
      throw WebhookSignature.refused("body is unreadable");
    }
    if (prediction == null || !prediction.isObject()) {
      throw WebhookSignature.refused("body is not a prediction");
    }
    if (!jobId.equals(prediction.path("id").asText(null))) {
      throw WebhookSignature.refused("the prediction id does not match the job");
    }
    return outcome(request, jobId, prediction);
  }

  /** Asks Replicate to cancel; a failure throws the classified error for the caller to log. */
  @Override
  public void cancel(ProviderRequest request, String jobId) {
    api.postEmpty(api.prediction(jobId, "cancel"), Call.CANCEL);
  }

  /**
   * Classifies timeouts, connection failures and unreadable responses; see {@code ReplicateErrors}.
   */
  @Override
  public ProviderException classify(Throwable failure) {
    return ReplicateErrors.forThrowable(failure);
  }

  @Override
  public String toString() {
    return "ReplicateProvider[" + config + "]";
  }

  private ProviderOutcome outcome(ProviderRequest request, String jobId, JsonNode prediction) {
    PredictionStatus status = PredictionStatus.of(prediction.path("status").asText(null));
    return switch (status.next()) {
      case WAIT -> {
        Integer percent = percent(prediction.path("logs").asText(""));
        if (percent != null) {
          request.listener().onProgress(percent);
        }
        yield new Pending(jobId, request.callbackUrl() != null, config.pollInterval(), percent);
      }
      case COMPLETE -> PredictionOutputs.completed(prediction, request, api);
      case FAIL -> throw ReplicateErrors.forFailedPrediction(errorText(prediction.get("error")));
      case STOPPED ->
          throw new ProviderException(
              ErrorCode.GENERATION_FAILED,
              "The upstream job was stopped before it finished ("
                  + status.name().toLowerCase(Locale.ROOT)
                  + ")");
    };
  }

  /** The last tqdm percentage in the logs, or {@code null}. */
  static Integer percent(String logs) {
    // Only the tail matters, and model logs can be long.
    Matcher m =
        PROGRESS.matcher(
            logs.length() > LOG_TAIL ? logs.substring(logs.length() - LOG_TAIL) : logs);
    Integer last = null;
    while (m.find()) {
      last = Math.min(100, Integer.parseInt(m.group(1)));
    }
    return last;
  }

  private static String errorText(JsonNode error) {
    if (error == null || error.isNull()) {
      return "";
    }
    return error.isTextual() ? error.asText() : error.toString();
  }
}
