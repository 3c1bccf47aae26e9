package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The tenant's executions pages in a real headless Chromium: the detail, live status, inert user
 * strings.
 */
class ConsoleExecutionsBrowserTest extends ConsoleBrowser {
  static final String HOSTILE =
      "<script>window.pwned=1</script>\\\"><img src=x onerror=\\\"window.pwned=2\\\">";

  static void cancel(String id) throws IOException {
    Request request =
        new Request.Builder()
            .url(base + "/v1/executions/" + id + "/cancel")
            .header("Authorization", "Bearer " + key)
            .post(RequestBody.create(new byte[0]))
            .build();
    try (Response r = TestHttp.client().newCall(request).execute()) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  @Test
  void aPromptWithMarkupRendersAsInertText() throws IOException {
    String id = submit("{\"prompt\":\"" + HOSTILE + "\"}");
    signIn(key);

    browser.get(base + "/console#/executions/" + id);

    WebElement input = visible(By.id("execution-input"));
    // the input is shown as JSON, so the prompt's quotes appear escaped
    assertThat(input.getText())
        .contains(
            "<script>window.pwned=1</script>", "\\\"><img src=x onerror=\\\"window.pwned=2\\\">");
    assertThat(browser.findElements(By.cssSelector("#view img, #view script"))).isEmpty();
    assertThat(browser.executeScript("return window.pwned === undefined")).isEqualTo(true);
    screenshot("execution-hostile-prompt");
  }

  @Test
  void theDetailAndTheListFollowTheStatusLive() throws IOException {
    String shown = submit("{\"prompt\":\"a red kite\"}");
    signIn(key);
    WebElement row = visible(By.cssSelector("#executions tr[data-id='" + shown + "'] .status"));
    assertThat(row.getText()).isEqualTo("PENDING");

    cancel(shown);

    new WebDriverWait(browser, WAIT)
        .until(
            ExpectedConditions.textToBe(
                By.cssSelector("#executions tr[data-id='" + shown + "'] .status"), "CANCELLED"));

    String detail = submit("{\"prompt\":\"a blue heron\"}");
    browser.get(base + "/console#/executions/" + detail);
    assertThat(visible(By.id("execution-status")).getText()).isEqualTo("PENDING");

    cancel(detail);

    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.textToBe(By.id("execution-status"), "CANCELLED"));
    assertThat(visible(By.id("execution-events")).getText()).contains("created");
    screenshot("execution-detail");
  }

  @Test
  void aCompletedImageExecutionShowsItsPngCostAndHold() throws IOException {
    String id = submit("{\"prompt\":\"a lighthouse\"}");
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    engine.clock.advance(java.time.Duration.ofSeconds(2));
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    signIn(key);

    browser.get(base + "/console#/executions/" + id);

    assertThat(visible(By.id("execution-status")).getText()).isEqualTo("COMPLETED");
    WebElement png = visible(By.cssSelector("img.output"));
    new WebDriverWait(browser, WAIT)
        .until(
            d ->
                ((Number)
                            browser.executeScript(
                                "return arguments[0].complete ? arguments[0].naturalWidth : 0",
                                png))
                        .intValue()
                    > 0);
    assertThat(browser.findElement(By.id("view")).getText()).contains("Cost", "0.040", "Hold");
    screenshot("execution-image");
  }

  @Test
  void theCancelButtonCancelsAnUnfinishedExecution() throws IOException {
    String id = submit("{\"prompt\":\"a slow snail\"}");
    signIn(key);
    browser.get(base + "/console#/executions/" + id);
    assertThat(visible(By.id("execution-status")).getText()).isEqualTo("PENDING");

    visible(By.id("execution-cancel")).click();

    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.textToBe(By.id("execution-status"), "CANCELLED"));
    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.invisibilityOfElementLocated(By.id("execution-cancel")));
    assertThat(
            engine
                .modelRoute
                .executions()
                .get(engine.modelRoute.apiKeys().authenticate(key).orgId(), id)
                .status()
                .name())
        .isEqualTo("CANCELLED");
  }

  @Test
  void theListPagesWithTheCursorAndFiltersByStatusAlsoOnAPhoneSizedWindow() throws IOException {
    String other =
        engine
            .modelRoute
            .organizations()
            .create("paging-org", io.modelroute.Money.parse("25.00"))
            .key()
            .secret();
    String oldest = submit(other, "{\"prompt\":\"first\"}");
    for (int i = 0; i < 20; i++) {
      engine.clock.advance(
          java.time.Duration.ofSeconds(1)); // newest first needs distinct creation times
      submit(other, "{\"prompt\":\"more " + i + "\"}");
    }
    Request cancel =
        new Request.Builder()
            .url(base + "/v1/executions/" + oldest + "/cancel")
            .header("Authorization", "Bearer " + other)
            .post(RequestBody.create(new byte[0]))
            .build();
    TestHttp.client().newCall(cancel).execute().close();
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    signIn(other);
    visible(By.id("executions"));
    assertThat(browser.findElements(By.cssSelector("#executions tbody tr"))).hasSize(20);
    assertThat(browser.findElements(By.cssSelector("#executions tr[data-id='" + oldest + "']")))
        .isEmpty();
    screenshot("executions-phone");

    visible(By.id("next-page")).click();

    visible(By.cssSelector("#executions tr[data-id='" + oldest + "']"));
    assertThat(browser.findElements(By.cssSelector("#executions tbody tr"))).hasSize(1);

    browser.get(base + "/console#/executions");
    new org.openqa.selenium.support.ui.Select(visible(By.id("filter-status")))
        .selectByValue("CANCELLED");
    browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();

    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#executions tbody tr"), 1));
    assertThat(browser.findElement(By.cssSelector("#executions tbody tr")).getAttribute("data-id"))
        .isEqualTo(oldest);
    assertThat(browser.getCurrentUrl()).endsWith("#/executions?status=CANCELLED");
  }
}
