package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.Money;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The tenant's balance and ledger in a real headless Chromium, after a completed execution: the
 * API's exact amounts.
 */
class ConsoleBalanceBrowserTest extends ConsoleBrowser {

  static JsonNode get(String apiKey, String path) throws IOException {
    Request get =
        new Request.Builder().url(base + path).header("Authorization", "Bearer " + apiKey).build();
    try (Response r = TestHttp.client().newCall(get).execute()) {
      assertThat(r.code()).isEqualTo(200);
      return Json.readTree(r.body().string());
    }
  }

  /** Submits an image execution with {@code apiKey} and runs it to COMPLETED. */
  static String complete(String apiKey, String prompt) throws IOException {
    String id = submit(apiKey, "{\"prompt\":\"" + prompt + "\"}");
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    engine.clock.advance(Duration.ofSeconds(2));
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    assertThat(get(apiKey, "/v1/executions/" + id).path("status").asText()).isEqualTo("COMPLETED");
    engine.clock.advance(Duration.ofSeconds(1));
    return id;
  }

  @Test
  void theBalanceAndTheLedgerShowTheApisExactAmountsAfterACompletedExecution() throws IOException {
    String own =
        engine
            .modelRoute
            .organizations()
            .create("balance-org", Money.parse("12.34"))
            .key()
            .secret();
    String done = complete(own, "a lighthouse");
    String pending = submit(own, "{\"prompt\":\"still waiting\"}");
    JsonNode balance = get(own, "/v1/balance");
    JsonNode ledger = get(own, "/v1/balance/transactions?limit=100");
    signIn(own);

    browser.get(base + "/console#/balance");

    assertThat(visible(By.id("balance-available")).getText())
        .isEqualTo(balance.path("available").asText() + " USD");
    assertThat(browser.findElement(By.id("balance-held")).getText())
        .isEqualTo(balance.path("held").asText() + " USD");
    assertThat(browser.findElement(By.id("balance-total")).getText())
        .isEqualTo(balance.path("balance").asText() + " USD");
    assertThat(balance.path("held").asText())
        .isNotIn("0", "0.00", "0.000000"); // the pending execution's hold
    List<String> shown = new ArrayList<>();
    for (WebElement tr : browser.findElements(By.cssSelector("#ledger tbody tr"))) {
      shown.add(
          tr.findElement(By.cssSelector(".ledger-type")).getText()
              + " "
              + tr.findElement(By.cssSelector("td.amount")).getText());
    }
    List<String> api = new ArrayList<>();
    ledger
        .path("data")
        .forEach(t -> api.add(t.path("type").asText() + " " + t.path("amount").asText()));
    assertThat(shown).isEqualTo(api);
    assertThat(shown)
        .anyMatch(s -> s.startsWith("CREDIT 12.34"))
        .anyMatch(s -> s.startsWith("CAPTURE"))
        .anyMatch(s -> s.startsWith("HOLD"));
    assertThat(browser.findElements(By.cssSelector("#ledger a[href='#/executions/" + done + "']")))
        .isNotEmpty();
    assertThat(
            browser.findElements(By.cssSelector("#ledger a[href='#/executions/" + pending + "']")))
        .hasSize(1);
    screenshot("balance");

    browser
        .findElements(By.cssSelector("#ledger a[href='#/executions/" + done + "']"))
        .get(0)
        .click();
    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.textToBe(By.id("execution-status"), "COMPLETED"));
  }

  @Test
  void theLedgerPagesWithTheCursorOnAPhoneSizedWindow() throws IOException {
    String own =
        engine
            .modelRoute
            .organizations()
            .create("ledger-paging-org", Money.parse("3.00"))
            .key()
            .secret();
    complete(own, "one");
    complete(own, "two");
    JsonNode all = get(own, "/v1/balance/transactions?limit=100");
    int total = all.path("data").size();
    assertThat(total).isGreaterThan(3);
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    signIn(own);

    browser.get(base + "/console#/balance?limit=3");

    visible(By.id("ledger"));
    screenshot("balance-phone");
    assertThat(browser.findElements(By.cssSelector("#ledger tbody tr")))
        .extracting(r -> r.getAttribute("data-id"))
        .containsExactly(
            all.at("/data/0/id").asText(),
            all.at("/data/1/id").asText(),
            all.at("/data/2/id").asText());
    visible(By.id("ledger-next-page")).click();
    new WebDriverWait(browser, WAIT)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#ledger tr[data-id='" + all.at("/data/3/id").asText() + "']")));
    assertThat(browser.findElements(By.cssSelector("#ledger tbody tr")))
        .hasSize(Math.min(3, total - 3));
  }
}
