package io.modelroute.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.catalog.Usage;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderOutcome.Completed;
import io.modelroute.provider.ProviderRequest;
import io.modelroute.provider.ResponseLimits;
import io.modelroute.provider.internal.RetryAfter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import okio.Okio;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs text and image models on any server speaking the OpenAI API: OpenAI itself, Azure-style
 * proxies, vLLM, Ollama, LM Studio, llama.cpp, LiteLLM, OpenRouter and the like.
 *
 * <ul>
 *   <li><b>TEXT</b> models: {@code POST {baseUrl}/chat/completions}, streamed by default. Each
 *       {@code choices[0].delta.content} chunk is passed to the request's listener as it arrives
 *       ({@code onDelta}); the result is the joined text with the server's {@code usage} ({@code
 *       prompt_tokens}, {@code completion_tokens}, asked for with {@code
 *       stream_options.include_usage}). <b>A server that reports no usage is billed on an
 *       estimate</b>: one token per four characters, rounded up, of the message text sent and of
 *       the text received. Route param {@code stream: false} asks for one JSON answer instead.
 *   <li><b>IMAGE</b> models: {@code POST {baseUrl}/images/generations} with {@code n: 1} and {@code
 *       response_format: b64_json}; the image is decoded while it is read (one decoded image in
 *       memory, never the base64 text as well), its format and pixel size taken from its header. If
 *       the server answers with {@code data[0].url} instead, the media's source streams that URL
 *       when the engine opens it (our API key is not sent there). Usage is megapixels, width ×
 *       height / 10⁶.
 * </ul>
 *
 * <p>The HTTP call is the job: {@link #start} blocks the calling worker until the answer is
 * complete and always returns {@link Completed}; there is no job id, so {@link #poll} is never
 * needed (it fails with INTERNAL_ERROR) and {@link #cancel} does nothing. Calls are bounded by the
 * config's timeouts and by the model's timeout.
 *
 * <p>The canonical input becomes the request body through the route's {@code params.input} template
 * ({@link io.modelroute.provider.internal.ParamTemplate}); other route params are listed in the
 * operator guide {@code docs/provider-openai.md}. Failures are classified by one table (see the
 * guide); the provider's name and base URL never appear in an error message.
 *
 * <p>Thread-safe: one instance serves all workers over one {@link OkHttpClient}.
 */
public final class OpenAiProvider implements Provider {
  private static final Logger log = LoggerFactory.getLogger(OpenAiProvider.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final OpenAiConfig config;
  private final OkHttpClient client;
  private final HttpUrl baseUrl;
  private final ResponseLimits limits;

  /** A provider with its own HTTP client. */
  public OpenAiProvider(OpenAiConfig config) {
    this(config, new OkHttpClient());
  }

  /**
   * A provider that shares {@code client}'s connection pool and dispatcher (and, in tests, its DNS
   * or interceptors); the config's timeouts are applied on top.
   */
  public OpenAiProvider(OpenAiConfig config, OkHttpClient client) {
    this(config, client, ResponseLimits.DEFAULTS);
  }

  /**
   * Like {@link #OpenAiProvider(OpenAiConfig, OkHttpClient)}, reading at most {@code limits}: chat
   * answers up to {@link ResponseLimits#maxResponseBytes()}, image answers and downloads up to
   * {@link ResponseLimits#maxMediaBytes()}.
   */
  public OpenAiProvider(OpenAiConfig config, OkHttpClient client, ResponseLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.config = Objects.requireNonNull(config, "config");
    this.client =
        Objects.requireNonNull(client, "client")
            .newBuilder()
            .connectTimeout(config.connectTimeout())
            .readTimeout(config.readTimeout())
            .writeTimeout(config.readTimeout())
            .callTimeout(config.callTimeout())
            .build();
    this.baseUrl = HttpUrl.get(config.baseUrl().toString());
  }

  /** The configured name, {@value OpenAiConfig#DEFAULT_NAME} by default. */
  @Override
  public String name() {
    return config.name();
  }

  /**
   * Runs the model to completion: a chat completion for TEXT models, an image generation for IMAGE
   * models. Other categories fail with INTERNAL_ERROR (a catalog mistake).
   *
   * @throws ProviderException with the code the classification table gives
   */
  @Override
  public ProviderOutcome start(ProviderRequest request) {
    try {
      return switch (request.model().category()) {
        case TEXT -> chat(request);
        case IMAGE -> image(request);
        default ->
            throw new ProviderException(
                ErrorCode.INTERNAL_ERROR,
                "Model "
                    + request.model().slug()
                    + " is "
                    + request.model().category().wireName()
                    + "; this provider runs only text and image models");
      };
    } catch (IOException | RuntimeException e) {
      ProviderException classified = OpenAiErrors.classify(e);
      log.debug(
          "{}: {} failed with {}", config.name(), request.executionId(), classified.code(), e);
      throw classified.withoutNames(OpenAiConfig.DEFAULT_NAME, config.name());
    }
  }

  /** Never needed: {@link #start} always completes. Fails with INTERNAL_ERROR. */
  @Override
  public ProviderOutcome poll(ProviderRequest request, String jobId) {
    throw new ProviderException(
        ErrorCode.INTERNAL_ERROR, "This provider completes in start(); there is no job to poll");
  }

  /**
   * Does nothing: the HTTP call made by {@link #start} is the job, and there is no job id at the
   * server to cancel.
   */
  @Override
  public void cancel(ProviderRequest request, String jobId) {}

  /** Classifies {@code failure} by the adapter's table; see {@code docs/provider-openai.md}. */
  @Override
  public ProviderException classify(Throwable failure) {
    return OpenAiErrors.classify(failure);
  }

  private Completed chat(ProviderRequest request) throws IOException {
    RouteOptions options = RouteOptions.from(request.route().params());
    ChatBody body = ChatBody.from(request, options);
    Request http =
        post(
            "chat/completions",
            body.json(),
            options.stream() ? "text/event-stream" : "application/json");
    try (Response response = execute(http, request)) {
      MediaType type = response.body().contentType();
      boolean sse = type != null && type.subtype().toLowerCase(Locale.ROOT).equals("event-stream");
      InputStream capped =
          ResponseLimits.cap(response.body().byteStream(), limits.maxResponseBytes());
      ChatReply reply =
          sse
              ? ChatReply.fromStream(Okio.buffer(Okio.source(capped)), request.listener())
              : ChatReply.fromJson(capped, request.listener());
      if (reply.estimated()) {
        log.debug(
            "{}: {} reported no token usage; estimating", config.name(), request.executionId());
      }
      return Completed.text(reply.text(), reply.usage(body.inputChars()));
    }
  }

  private Completed image(ProviderRequest request) throws IOException {
    RouteOptions options = RouteOptions.from(request.route().params());
    ImageBody body = ImageBody.from(request, options);
    ImageReply reply;
    try (Response response =
        execute(post("images/generations", body.json(), "application/json"), request)) {
      reply =
          ImageReply.read(ResponseLimits.cap(response.body().byteStream(), limits.maxMediaBytes()));
    }
    Integer reportedW = null;
    Integer reportedH = null;
    Matcher size = reply.size() == null ? null : ImageBody.SIZE.matcher(reply.size());
    if (size != null && size.matches()) {
      reportedW = Integer.valueOf(size.group(1));
      reportedH = Integer.valueOf(size.group(2));
    }
    ImageFormat format;
    OutputMedia.Source source;
    if (reply.image() != null) {
      format = reply.image().format();
      if (format == null) {
        throw new ProviderException(
            ErrorCode.GENERATION_FAILED, "Provider's image is not PNG, JPEG, WebP or GIF");
      }
      source = reply.image()::open;
    } else {
      HttpUrl url = HttpUrl.parse(reply.url());
      if (url == null) {
        throw new ProviderException(
            ErrorCode.GENERATION_FAILED, "Provider's image URL is not http(s)");
      }
      format = ImageFormat.byName(url.encodedPath());
      format = format != null ? format : ImageFormat.byName(reply.outputFormat());
      format = format != null ? format : new ImageFormat("image/png", "png", null, null);
      source = () -> download(url);
    }
    format =
        format.orSize(reportedW, reportedH).orSize(body.requestedWidth(), body.requestedHeight());
    BigDecimal megapixels = BigDecimal.ZERO;
    if (format.width() != null && format.height() != null) {
      megapixels = BigDecimal.valueOf((long) format.width() * format.height()).movePointLeft(6);
    } else {
      log.warn(
          "{}: {} image size unknown (no size sent, none in the answer); usage is 0 megapixels",
          config.name(),
          request.executionId());
    }
    OutputMedia media =
        new OutputMedia(
            format.contentType(), format.format(), format.width(), format.height(), null, source);
    return new Completed(List.of(media), null, Usage.megapixels(megapixels));
  }

  private Request post(String path, ObjectNode json, String accept) {
    HttpUrl url = baseUrl.newBuilder().addPathSegments(path).build();
    Request.Builder builder =
        new Request.Builder()
            .url(url)
            .header("Accept", accept)
            .header("User-Agent", "ModelRoute")
            .post(RequestBody.create(Json.write(json), JSON));
    if (config.hasApiKey()) {
      builder.header("Authorization", "Bearer " + config.apiKey());
    }
    if (config.organization() != null) {
      builder.header("OpenAI-Organization", config.organization());
    }
    return builder.build();
  }

  /** Executes a call bounded by the model's timeout; a non-2xx answer is classified and thrown. */
  private Response execute(Request http, ProviderRequest request) throws IOException {
    Call call = client.newCall(http);
    Duration limit = min(config.callTimeout(), request.model().timeout());
    call.timeout().timeout(limit.toMillis(), TimeUnit.MILLISECONDS);
    Response response = call.execute();
    if (response.isSuccessful()) {
      return response;
    }
    try (response) {
      JsonNode node = null;
      try {
        BufferedSource source = response.body().source();
        source.request(MAX_ERROR_BODY);
        String text =
            source.getBuffer().readUtf8(Math.min(source.getBuffer().size(), MAX_ERROR_BODY));
        node = text.isBlank() ? null : Json.mapper().readTree(text);
      } catch (IOException | RuntimeException unreadable) {
        // Not JSON, or cut off: the status alone decides.
      }
      throw OpenAiErrors.forStatus(response.code(), OpenAiErrors.ErrorBody.of(node))
          .withRetryAfter(RetryAfter.of(response));
    }
  }

  /** Streams a result URL; never sends our credentials to it. */
  private InputStream download(HttpUrl url) throws IOException {
    Response response =
        client
            .newCall(new Request.Builder().url(url).header("Accept", "image/*").build())
            .execute();
    if (!response.isSuccessful()) {
      response.close();
      throw new IOException("Downloading the provider's image failed with HTTP " + response.code());
    }
    return new FilterInputStream(
        ResponseLimits.cap(response.body().byteStream(), limits.maxMediaBytes())) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          response.close();
        }
      }
    };
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
