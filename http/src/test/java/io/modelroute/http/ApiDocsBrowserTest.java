package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code /api-docs}: Swagger UI renders this server's OpenAPI document in a real browser, under its
 * CSP.
 */
class ApiDocsBrowserTest extends ConsoleBrowser {

  @Test
  void swaggerUiShowsEveryTagAndTheCreateOperationOfThisServersDocument() {
    browser.get(base + "/api-docs");

    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock")));
    assertThat(browser.findElement(By.cssSelector(".info .title")).getText())
        .contains("ModelRoute");
    assertThat(
            browser.findElements(By.cssSelector(".opblock-tag")).stream()
                .map(e -> e.getText().toLowerCase()))
        .anyMatch(t -> t.startsWith("executions"))
        .anyMatch(t -> t.startsWith("files"));
    assertThat(
            browser.findElements(By.cssSelector(".opblock-summary-path")).stream()
                .map(e -> e.getText()))
        .contains("/v1/executions", "/v1/executions/{id}/events");
    screenshot("api-docs");
  }

  @Test
  void onlyThePagesFilesAreServedAndEverythingElseIsA404InTheErrorShape() throws IOException {
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
    for (String name :
        new String[] {"", "/swagger-ui-bundle.js", "/swagger-ui.css", "/api-docs.js"}) {
      try (Response r =
          http.newCall(new Request.Builder().url(base + "/api-docs" + name).build()).execute()) {
        assertThat(r.code()).as(name).isEqualTo(200);
        assertThat(r.header("Content-Security-Policy"))
            .contains("script-src 'self'")
            .doesNotContain("unsafe-eval");
      }
    }
    for (String name :
        new String[] {"/index.js", "/oauth2-redirect.html", "/..%2Fpom.properties"}) {
      try (Response r =
          http.newCall(new Request.Builder().url(base + "/api-docs" + name).build()).execute()) {
        assertThat(r.code()).as(name).isEqualTo(404);
        assertThat(r.body().string()).contains("\"code\":\"NOT_FOUND\"");
      }
    }
  }
}
