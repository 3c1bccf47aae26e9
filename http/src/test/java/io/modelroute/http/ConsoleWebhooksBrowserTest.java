package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.webhook.WebhookService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The tenant's webhook pages in a real headless Chromium: endpoints are created, edited, tested,
 * disabled and deleted through the page; a MockWebServer receiver answers the deliveries, which the
 * test makes by driving the delivery worker by hand (the engine has no background workers).
 */
class ConsoleWebhooksBrowserTest extends ConsoleBrowser {
  static final String MARKUP = "<img src=x onerror=alert(1)>";

  MockWebServer receiver;
  final List<RecordedRequest> received = new CopyOnWriteArrayList<>();
  final AtomicReference<MockResponse> answer =
      new AtomicReference<>(new MockResponse.Builder().code(200).build());

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = new MockWebServer();
    receiver.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            received.add(request);
            return answer.get();
          }
        });
    receiver.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  String receiverUrl(String path) {
    return "http://127.0.0.1:" + receiver.getPort() + path;
  }

  void answer(int code, String body) {
    answer.set(new MockResponse.Builder().code(code).body(body).build());
  }

  static void deliverDue() {
    engine.modelRoute.webhookWorker().runOnce(engine.clock.instant());
  }

  static JsonNode call(String method, String path, String json) {
    RequestBody body =
        json != null
            ? RequestBody.create(json, MediaType.get("application/json"))
            : method.equals("GET") ? null : RequestBody.create(new byte[0]);
    Request request =
        new Request.Builder()
            .url(base + path)
            .header("Authorization", "Bearer " + key)
            .method(method, body)
            .build();
    try (Response r = TestHttp.client().newCall(request).execute()) {
      String text = r.body().string();
      assertThat(r.isSuccessful())
          .as(method + " " + path + " answered " + r.code() + ": " + text)
          .isTrue();
      return Json.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String endpointThroughTheApi(String url, String description) {
    return call(
            "POST",
            "/v1/webhooks/endpoints",
            "{\"url\": \"" + url + "\", \"description\": \"" + description + "\"}")
        .get("id")
        .asText();
  }

  WebDriverWait waiting() {
    return new WebDriverWait(browser, WAIT);
  }

  By deliveryRow(String deliveryId, String cell) {
    return By.cssSelector("#webhook-deliveries tr[data-id='" + deliveryId + "'] " + cell);
  }

  @Test
  void anEndpointMadeInThePageShowsAFailedDeliveryThatRedeliversOnceTheReceiverAnswers200() {
    answer(500, "receiver down");
    signIn(key);
    browser.get(base + "/console#/webhooks");
    String url = receiverUrl("/hooks/console");
    visible(By.id("webhook-new-url")).sendKeys(url);
    browser.findElement(By.id("webhook-new-description")).sendKeys("console receiver");
    browser.findElement(By.id("webhook-new-event-execution.completed")).click();

    browser.findElement(By.id("webhook-create")).click();

    assertThat(visible(By.id("webhook-new-secret")).getText()).startsWith("whsec_");
    WebElement link =
        visible(By.xpath("//table[@id='webhook-endpoints']//a[text()='" + url + "']"));
    String id = link.findElement(By.xpath("ancestor::tr")).getAttribute("data-id");
    assertThat(
            browser
                .findElement(By.cssSelector("#webhook-endpoints tr[data-id='" + id + "']"))
                .getText())
        .contains("execution.completed", "enabled", "console receiver");
    JsonNode stored = call("GET", "/v1/webhooks/endpoints/" + id, null);
    assertThat(stored.get("events").toString()).isEqualTo("[\"execution.completed\"]");
    assertThat(browser.executeScript("return localStorage.length + sessionStorage.length"))
        .isEqualTo(0L);
    screenshot("webhooks");

    link.click();
    assertThat(visible(By.id("webhook-url")).getText()).isEqualTo(url);
    visible(By.id("deliveries-empty"));
    browser.findElement(By.id("webhook-test")).click();
    WebElement row = visible(By.cssSelector("#webhook-deliveries tbody tr"));
    String deliveryId = row.getAttribute("data-id");
    assertThat(row.getText()).contains("webhook.test", "PENDING", "not attempted yet");

    deliverDue();
    browser.findElement(By.id("deliveries-refresh")).click();

    waiting().until(ExpectedConditions.textToBe(deliveryRow(deliveryId, ".attempts"), "1"));
    assertThat(browser.findElement(deliveryRow(deliveryId, ".answer")).getText())
        .isEqualTo("HTTP 500 · response: receiver down");
    assertThat(browser.findElement(deliveryRow(deliveryId, ".status")).getText())
        .isEqualTo("PENDING");
    assertThat(
            browser
                .findElement(By.cssSelector("#webhook-deliveries tr[data-id='" + deliveryId + "']"))
                .getText())
        .as("the next retry is shown")
        .containsPattern("\\d{4}-\\d\\d-\\d\\dT");
    assertThat(received).hasSize(1);

    browser.findElement(deliveryRow(deliveryId, "a")).click();
    WebElement attempts = visible(By.id("delivery-attempts"));
    assertThat(attempts.getText()).contains("500");
    answer(200, "thanks");

    browser.findElement(By.id("delivery-redeliver")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("webhook-message"), "queued"));
    deliverDue();

    waiting()
        .until(
            ExpectedConditions.textToBe(
                By.id("delivery-status"), "SUCCEEDED")); // the page re-reads it
    waiting().until(ExpectedConditions.textToBe(deliveryRow(deliveryId, ".status"), "SUCCEEDED"));
    assertThat(browser.findElement(deliveryRow(deliveryId, ".answer")).getText())
        .isEqualTo("HTTP 200");
    assertThat(browser.findElements(By.cssSelector("#delivery-attempts tbody tr"))).hasSize(2);
    assertThat(received).hasSize(2);
    browser.executeScript("document.getElementById('webhook-log').scrollIntoView()");
    screenshot("webhook-deliveries");
  }

  @Test
  void theEditFormChangesTheUrlDescriptionAndEventsAndTheEndpointCanBeDisabledAndEnabled() {
    String id = endpointThroughTheApi(receiverUrl("/before"), "before");
    signIn(key);
    browser.get(base + "/console#/webhooks/" + id);
    assertThat(visible(By.id("webhook-events")).getText()).isEqualTo("all events");

    browser.findElement(By.cssSelector("#webhook-edit summary")).click();
    WebElement url = visible(By.id("webhook-edit-url"));
    assertThat(url.getAttribute("value")).isEqualTo(receiverUrl("/before"));
    url.clear();
    url.sendKeys(receiverUrl("/after"));
    WebElement description = browser.findElement(By.id("webhook-edit-description"));
    description.clear();
    description.sendKeys("after");
    browser.findElement(By.id("webhook-edit-event-execution.failed")).click();
    browser.findElement(By.id("webhook-edit-event-execution.cancelled")).click();
    browser.findElement(By.id("webhook-edit-headers")).sendKeys("X-Receiver-Token: abc123");
    browser.findElement(By.id("webhook-save")).click();

    waiting().until(ExpectedConditions.textToBe(By.id("webhook-description"), "after"));
    assertThat(browser.findElement(By.id("webhook-url")).getText())
        .isEqualTo(receiverUrl("/after"));
    assertThat(browser.findElement(By.id("webhook-events")).getText())
        .isEqualTo("execution.failed, execution.cancelled");
    JsonNode stored = call("GET", "/v1/webhooks/endpoints/" + id, null);
    assertThat(stored.get("url").asText()).isEqualTo(receiverUrl("/after"));
    assertThat(stored.get("events").toString())
        .isEqualTo("[\"execution.failed\",\"execution.cancelled\"]");
    assertThat(stored.at("/headers/X-Receiver-Token").asText()).isEqualTo("abc123");

    browser.findElement(By.id("webhook-toggle")).click();

    waiting().until(ExpectedConditions.textToBe(By.id("webhook-state"), "disabled"));
    assertThat(browser.findElement(By.id("webhook-test")).isEnabled()).isFalse();
    assertThat(call("GET", "/v1/webhooks/endpoints/" + id, null).get("is_active").asBoolean())
        .isFalse();
    screenshot("webhook-disabled");

    browser.findElement(By.id("webhook-toggle")).click();

    waiting().until(ExpectedConditions.textToBe(By.id("webhook-state"), "enabled"));
    assertThat(call("GET", "/v1/webhooks/endpoints/" + id, null).get("is_active").asBoolean())
        .isTrue();
  }

  @Test
  void whatTheReceiverAndTheUserWroteRendersAsInertText() {
    String id = endpointThroughTheApi(receiverUrl("/hostile"), MARKUP);
    // the receiver's Location header, then its body, reach the delivery log as the attempts' errors
    answer.set(
        new MockResponse.Builder().code(302).addHeader("Location", MARKUP).body(MARKUP).build());
    String deliveryId =
        call("POST", "/v1/webhooks/endpoints/" + id + "/test", null).get("id").asText();
    deliverDue();
    answer(500, MARKUP);
    call("POST", "/v1/webhooks/endpoints/" + id + "/deliveries/" + deliveryId + "/retry", null);
    deliverDue();
    signIn(key);

    browser.get(base + "/console#/webhooks/" + id + "?delivery=" + deliveryId);

    assertThat(visible(deliveryRow(deliveryId, ".answer")).getText())
        .isEqualTo("HTTP 500 · response: " + MARKUP);
    assertThat(visible(By.id("delivery-attempts")).getText())
        .contains("redirect to " + MARKUP + " not followed", "response: " + MARKUP);
    assertThat(browser.findElement(By.id("webhook-description")).getText()).isEqualTo(MARKUP);
    assertThat(browser.findElements(By.cssSelector("#view img, #view script"))).isEmpty();
    assertNoAlert();
    screenshot("webhook-hostile-strings");

    browser.get(base + "/console#/webhooks");
    visible(By.cssSelector("#webhook-endpoints tr[data-id='" + id + "']"));
    assertThat(
            browser
                .findElement(By.cssSelector("#webhook-endpoints tr[data-id='" + id + "']"))
                .getText())
        .contains(MARKUP);
    assertThat(browser.findElements(By.cssSelector("#view img, #view script"))).isEmpty();
    assertNoAlert();
  }

  void assertNoAlert() {
    try {
      browser.switchTo().alert();
      throw new AssertionError("an alert opened: markup ran as HTML");
    } catch (NoAlertPresentException expected) {
      // nothing ran
    }
  }

  @Test
  void theEventChoicesAreTheOnesTheApiAcceptsAndTheSigningSecretIsShownOnlyOnRequest() {
    signIn(key);
    browser.get(base + "/console#/webhooks");
    visible(By.id("webhook-create-form"));

    List<String> offered =
        browser.findElements(By.cssSelector("#webhook-create-form input[name=events]")).stream()
            .map(e -> e.getAttribute("value"))
            .toList();
    assertThat(offered).isEqualTo(WebhookService.EVENT_TYPES);
    assertThat(browser.findElement(By.id("signing-secret")).isDisplayed()).isFalse();
    String secret = call("GET", "/v1/webhooks/signing-secret", null).get("secret").asText();
    assertThat(browser.getPageSource()).doesNotContain(secret);

    browser.findElement(By.id("signing-secret-toggle")).click();

    waiting().until(ExpectedConditions.textToBe(By.id("signing-secret"), secret));
    assertThat(browser.executeScript("return localStorage.length + sessionStorage.length"))
        .isEqualTo(0L);

    browser.findElement(By.id("signing-secret-toggle")).click();

    waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("signing-secret")));
    assertThat(browser.getPageSource()).doesNotContain(secret);
  }

  @Test
  void aRefusedUrlShowsTheApiErrorAndDeletingAnEndpointTakesTwoPresses() {
    signIn(key);
    browser.get(base + "/console#/webhooks");
    visible(By.id("webhook-new-url")).sendKeys("ftp://example.org/hooks");
    browser.findElement(By.id("webhook-create")).click();
    // the browser's own check lets ftp: through (it is a URL): the API's 400 and its field detail
    // show
    assertThat(
            waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("webhook-create-error")))
                .getText())
        .startsWith("Invalid input parameters — url: ");

    String id = endpointThroughTheApi(receiverUrl("/doomed"), "doomed");
    browser.get(base + "/console#/webhooks/" + id);
    WebElement delete = visible(By.id("webhook-delete"));
    delete.click();
    assertThat(delete.getText()).contains("again");
    assertThat(call("GET", "/v1/webhooks/endpoints", null).toString()).contains(id);

    delete.click();

    waiting().until(ExpectedConditions.urlToBe(base + "/console#/webhooks"));
    visible(By.id("webhook-create-form"));
    assertThat(call("GET", "/v1/webhooks/endpoints", null).toString()).doesNotContain(id);
  }

  @Test
  void theDeliveryLogPagesWithTheCursorAlsoOnAPhoneSizedWindow() {
    String id = endpointThroughTheApi(receiverUrl("/many"), "many");
    String first = call("POST", "/v1/webhooks/endpoints/" + id + "/test", null).get("id").asText();
    for (int i = 0; i < 20; i++) {
      engine.clock.advance(java.time.Duration.ofSeconds(1));
      call("POST", "/v1/webhooks/endpoints/" + id + "/test", null);
    }
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    signIn(key);
    browser.get(base + "/console#/webhooks/" + id);
    visible(By.id("webhook-deliveries"));
    browser.executeScript("document.getElementById('webhook-log').scrollIntoView()");
    screenshot("webhook-deliveries-phone");
    assertThat(browser.findElements(By.cssSelector("#webhook-deliveries tbody tr"))).hasSize(20);
    assertThat(
            browser.findElements(By.cssSelector("#webhook-deliveries tr[data-id='" + first + "']")))
        .isEmpty();

    browser.findElement(By.id("deliveries-next")).click();

    visible(By.cssSelector("#webhook-deliveries tr[data-id='" + first + "']"));
    assertThat(browser.findElements(By.cssSelector("#webhook-deliveries tbody tr"))).hasSize(1);
  }
}
