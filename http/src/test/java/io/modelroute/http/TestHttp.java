package io.modelroute.http;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The one way HTTP tests make their OkHttp client: every response they see is checked against the
 * OpenAPI document ({@link OpenApiValidation}), and a mismatch fails the test.
 */
public final class TestHttp {
  private TestHttp() {}

  /** A validating client with a 30 s call timeout. */
  public static OkHttpClient client() {
    return builder().callTimeout(Duration.ofSeconds(30)).build();
  }

  /** A builder with the validating interceptor installed, for tests that need other timeouts. */
  public static OkHttpClient.Builder builder() {
    return new OkHttpClient.Builder().addInterceptor(OpenApiValidation.interceptor());
  }
}
