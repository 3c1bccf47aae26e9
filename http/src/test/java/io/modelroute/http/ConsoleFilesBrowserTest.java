package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.file.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The tenant's files page in a real headless Chromium: list, paging, preview, download, delete with
 * a confirm step.
 */
class ConsoleFilesBrowserTest extends ConsoleBrowser {

  /** Uploads {@code bytes} through the signed-URL flow with {@code apiKey}; returns the file id. */
  static String upload(String apiKey, byte[] bytes) throws IOException {
    Request ask =
        new Request.Builder()
            .url(base + "/v1/files/upload")
            .header("Authorization", "Bearer " + apiKey)
            .post(RequestBody.create("{\"purpose\":\"UPLOAD\"}", MediaType.get("application/json")))
            .build();
    String url;
    String id;
    try (Response r = TestHttp.client().newCall(ask).execute()) {
      var ticket = Json.readTree(r.body().string());
      url = ticket.path("upload_url").asText();
      id = ticket.path("file_id").asText();
    }
    try (Response r =
        TestHttp.client()
            .newCall(new Request.Builder().url(url).put(RequestBody.create(bytes)).build())
            .execute()) {
      assertThat(r.code()).isEqualTo(200);
    }
    engine.clock.advance(Duration.ofSeconds(1)); // newest first needs distinct creation times
    return id;
  }

  static int status(String apiKey, String path) throws IOException {
    Request get =
        new Request.Builder().url(base + path).header("Authorization", "Bearer " + apiKey).build();
    try (Response r = TestHttp.client().newCall(get).execute()) {
      return r.code();
    }
  }

  @Test
  void theListPreviewsAnImageAndTextOffersADownloadAndDeletesAfterAConfirmStep()
      throws IOException {
    String own =
        engine
            .modelRoute
            .organizations()
            .create("files-page-org", Money.parse("5.00"))
            .key()
            .secret();
    String png = upload(own, TestFiles.png());
    String text =
        upload(own, "<b>not bold</b> and a line of text".getBytes(StandardCharsets.UTF_8));
    String foreign = upload(key, TestFiles.png());
    signIn(own);

    browser.get(base + "/console#/files");

    visible(By.cssSelector("#files tr[data-id='" + png + "']"));
    assertThat(browser.findElements(By.cssSelector("#files tbody tr")))
        .extracting(r -> r.getAttribute("data-id"))
        .containsExactly(text, png);
    assertThat(browser.findElements(By.cssSelector("#files tr[data-id='" + foreign + "']")))
        .isEmpty();
    assertThat(browser.findElement(By.cssSelector("#files tr[data-id='" + png + "']")).getText())
        .contains("image/png", "READY");
    screenshot("files");

    browser
        .findElement(By.cssSelector("#files tr[data-id='" + png + "'] button.file-preview"))
        .click();
    WebElement image = visible(By.id("file-preview-image"));
    new WebDriverWait(browser, WAIT)
        .until(
            d ->
                ((Number)
                            browser.executeScript(
                                "return arguments[0].complete ? arguments[0].naturalWidth : 0",
                                image))
                        .intValue()
                    > 0);
    screenshot("files-preview-image");

    browser
        .findElement(By.cssSelector("#files tr[data-id='" + text + "'] button.file-preview"))
        .click();
    assertThat(visible(By.id("file-preview-text")).getText())
        .isEqualTo("<b>not bold</b> and a line of text");
    assertThat(browser.findElements(By.cssSelector("#file-preview b"))).isEmpty();
    assertThat(
            browser
                .findElement(By.cssSelector("#files tr[data-id='" + text + "'] a.file-download"))
                .getAttribute("href"))
        .isEqualTo(base + "/v1/files/" + text + "/download");

    browser
        .findElement(By.cssSelector("#files tr[data-id='" + png + "'] button.file-delete"))
        .click();
    assertThat(visible(By.cssSelector("#files tr[data-id='" + png + "'] [role=alert]")).getText())
        .contains("Delete " + png, "cannot be undone");
    screenshot("files-delete-confirm");
    browser
        .findElement(By.cssSelector("#files tr[data-id='" + png + "'] button.file-delete-cancel"))
        .click();
    assertThat(status(own, "/v1/files/" + png)).isEqualTo(200);

    browser
        .findElement(By.cssSelector("#files tr[data-id='" + png + "'] button.file-delete"))
        .click();
    visible(By.cssSelector("#files tr[data-id='" + png + "'] button.file-delete-confirm")).click();

    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.textToBe(By.id("files-message"), "Deleted " + png + "."));
    assertThat(browser.findElements(By.cssSelector("#files tr[data-id='" + png + "']"))).isEmpty();
    assertThat(status(own, "/v1/files/" + png)).isEqualTo(404);
    assertThat(status(key, "/v1/files/" + foreign)).isEqualTo(200);
  }

  @Test
  void theListPagesWithTheCursorAndFiltersByStatusOnAPhoneSizedWindow() throws IOException {
    String own =
        engine
            .modelRoute
            .organizations()
            .create("files-paging-org", Money.parse("5.00"))
            .key()
            .secret();
    String oldest = upload(own, TestFiles.text());
    String middle = upload(own, TestFiles.png());
    String newest = upload(own, TestFiles.png());
    Request pending =
        new Request.Builder()
            .url(base + "/v1/files/upload")
            .header("Authorization", "Bearer " + own)
            .post(RequestBody.create("{\"purpose\":\"UPLOAD\"}", MediaType.get("application/json")))
            .build();
    String waiting;
    try (Response r = TestHttp.client().newCall(pending).execute()) {
      waiting = Json.readTree(r.body().string()).path("file_id").asText();
    }
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    signIn(own);

    browser.get(base + "/console#/files?limit=2");

    visible(By.cssSelector("#files tr[data-id='" + waiting + "']"));
    assertThat(browser.findElements(By.cssSelector("#files tbody tr")))
        .extracting(r -> r.getAttribute("data-id"))
        .containsExactly(waiting, newest);
    // a file still waiting for its bytes can be deleted but not previewed or downloaded
    assertThat(
            browser.findElements(
                By.cssSelector("#files tr[data-id='" + waiting + "'] button.file-preview")))
        .isEmpty();
    screenshot("files-phone");
    visible(By.id("files-next-page")).click();
    new WebDriverWait(browser, WAIT)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#files tr[data-id='" + middle + "']")));
    assertThat(browser.findElements(By.cssSelector("#files tbody tr")))
        .extracting(r -> r.getAttribute("data-id"))
        .containsExactly(middle, oldest);

    browser.get(base + "/console#/files");
    new org.openqa.selenium.support.ui.Select(visible(By.id("files-status")))
        .selectByValue("PENDING_UPLOAD");
    browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();

    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#files tbody tr"), 1));
    assertThat(browser.findElement(By.cssSelector("#files tbody tr")).getAttribute("data-id"))
        .isEqualTo(waiting);
    assertThat(browser.getCurrentUrl()).endsWith("#/files?status=PENDING_UPLOAD");
  }
}
