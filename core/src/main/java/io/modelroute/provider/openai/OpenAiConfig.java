package io.modelroute.provider.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Settings of one {@link OpenAiProvider}: which OpenAI-compatible server it talks to, with which
 * credentials, and how long it waits. Validated once at construction, immutable afterwards.
 *
 * <p>The API key is a secret: it is sent only in the {@code Authorization} header and never appears
 * in {@link #toString()} or in logs.
 *
 * @param name the provider name routes refer to ({@value #DEFAULT_NAME} by default); register
 *     several instances under different names to use several servers, e.g. {@code vllm-local}
 * @param baseUrl the API root that {@code /chat/completions} and {@code /images/generations} are
 *     appended to, {@link #DEFAULT_BASE_URL} by default; a trailing slash is dropped
 * @param apiKey bearer token, or {@code null}/blank for servers without authentication (e.g. a
 *     local vLLM or Ollama)
 * @param organization value of the {@code OpenAI-Organization} header, or {@code null} to send none
 * @param connectTimeout how long to wait for a TCP/TLS connection
 * @param readTimeout the longest silence between two reads; for streamed text this is the gap
 *     between chunks, for image generation the whole time until the server starts answering
 * @param callTimeout the longest a whole call (request, generation, full response) may take; a call
 *     is further bounded by the model's timeout
 */
public record OpenAiConfig(
    String name,
    URI baseUrl,
    String apiKey,
    String organization,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout) {

  /** Provider name when none is given. */
  public static final String DEFAULT_NAME = "openai";

  /** OpenAI's own API root. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://api.openai.com/v1");

  /** Connect timeout when none is given. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Read timeout when none is given: long, because an image generation sends no byte until the
   * image is done (often 10–60 s, sometimes longer).
   */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(180);

  /** Whole-call timeout when none is given. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(10);

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  public OpenAiConfig {
    name = name == null ? DEFAULT_NAME : name.trim();
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "provider name must be lowercase letters, digits, '.', '_' or '-': " + name);
    }
    baseUrl = normalize(baseUrl == null ? DEFAULT_BASE_URL : baseUrl);
    apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    organization = organization == null || organization.isBlank() ? null : organization.trim();
    connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
    readTimeout = positive(readTimeout, DEFAULT_READ_TIMEOUT, "readTimeout");
    callTimeout = positive(callTimeout, DEFAULT_CALL_TIMEOUT, "callTimeout");
  }

  /** OpenAI itself ({@link #DEFAULT_BASE_URL}) with this key and default timeouts. */
  public static OpenAiConfig of(String apiKey) {
    return new OpenAiConfig(null, null, apiKey, null, null, null, null);
  }

  /** The same settings registered under another provider name. */
  public OpenAiConfig withName(String newName) {
    return new OpenAiConfig(
        newName, baseUrl, apiKey, organization, connectTimeout, readTimeout, callTimeout);
  }

  /** The same settings against another OpenAI-compatible server. */
  public OpenAiConfig withBaseUrl(URI newBaseUrl) {
    return new OpenAiConfig(
        name, newBaseUrl, apiKey, organization, connectTimeout, readTimeout, callTimeout);
  }

  /** The same settings with other timeouts; {@code null} keeps a default. */
  public OpenAiConfig withTimeouts(Duration connect, Duration read, Duration call) {
    return new OpenAiConfig(name, baseUrl, apiKey, organization, connect, read, call);
  }

  /** Whether an API key is configured. */
  public boolean hasApiKey() {
    return apiKey != null;
  }

  /** Shows everything but the API key. */
  @Override
  public String toString() {
    return "OpenAiConfig[name="
        + name
        + ", baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey == null ? "none" : "***")
        + ", organization="
        + organization
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", callTimeout="
        + callTimeout
        + "]";
  }

  private static URI normalize(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException("baseUrl must be an http(s) URL: " + uri);
    }
    String text = uri.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text);
  }

  private static Duration positive(Duration value, Duration fallback, String field) {
    Duration d = value == null ? fallback : value;
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(field + " must be positive");
    }
    return d;
  }
}
