package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Money;
import io.modelroute.execution.ExecutionStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator's console in a real headless Chromium: organizations (create with the key shown
 * once, credit, file retention), an execution's attempt trail, provider health, the queue, the
 * nodes and the ledger check (organization names are validated at creation, so they carry no markup
 * to test here).
 */
class ConsoleOperatorBrowserTest extends ConsoleBrowser {

  @Test
  void theAdminTokenSignsInToTheOrganizations() {
    String id =
        engine
            .modelRoute
            .organizations()
            .create("operator-view-org", Money.parse("1.00"))
            .organization()
            .id();

    signIn(ADMIN);

    visible(By.cssSelector("#organizations tr[data-id='" + id + "']"));
    assertThat(browser.findElement(By.id("organizations")).getText())
        .contains("browser-org", "operator-view-org");
    assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("operator");
    screenshot("operator-organizations");
  }

  @Test
  void theOperatorCreatesAnOrganizationSeesItsKeyOnceCreditsItAndSetsItsRetention() {
    signIn(ADMIN);
    visible(By.id("org-name")).sendKeys("created-in-browser");
    browser.findElement(By.id("org-credit")).sendKeys("5.00");
    browser.findElement(By.cssSelector("#create-org button[type=submit]")).click();

    String secret = visible(By.id("new-org-key")).getText();
    assertThat(secret).startsWith("sk_");
    assertThat(engine.modelRoute.apiKeys().authenticate(secret).permission().name())
        .isEqualTo("FULL");
    String id =
        engine.modelRoute.organizations().list().stream()
            .filter(o -> o.name().equals("created-in-browser"))
            .findFirst()
            .orElseThrow()
            .id();
    visible(By.cssSelector("#organizations tr[data-id='" + id + "']"));
    screenshot("operator-organization-created");

    browser.findElement(By.id("new-org-link")).click();
    waitForText(By.id("org-balance-total"), "5.000 USD");
    assertThat(browser.getCurrentUrl()).doesNotContain("sk_");
    browser.findElement(By.id("credit-amount")).sendKeys("2.50");
    browser.findElement(By.id("credit-description")).sendKeys("goodwill");
    browser.findElement(By.cssSelector("#credit-form button[type=submit]")).click();
    waitForText(By.id("org-balance-total"), "7.500 USD");
    assertThat(browser.findElement(By.id("credit-done")).getText()).contains("Credited 2.50");
    assertThat(engine.modelRoute.billing().balance(id).balance()).isEqualTo(Money.parse("7.50"));

    browser.findElement(By.id("retention-expire")).click();
    WebElement days = browser.findElement(By.id("retention-days"));
    days.clear();
    days.sendKeys("14");
    browser.findElement(By.cssSelector("#retention-form button[type=submit]")).click();
    waitForText(By.id("org-retention"), "14 days");
    assertThat(engine.modelRoute.organizations().find(id).orElseThrow().fileTtlDays())
        .isEqualTo(14);
    screenshot("operator-organization");

    browser.findElement(By.id("retention-keep")).click();
    browser.findElement(By.cssSelector("#retention-form button[type=submit]")).click();
    waitForText(By.id("org-retention"), "keep until deleted");
    assertThat(engine.modelRoute.organizations().find(id).orElseThrow().fileTtlDays()).isNull();

    browser.findElement(By.id("credit-amount")).sendKeys("1.1234567");
    browser.findElement(By.cssSelector("#credit-form button[type=submit]")).click();
    assertThat(browser.findElement(By.id("credit-amount")).getAttribute("validationMessage"))
        .as("seven decimals are refused before sending")
        .isNotEmpty();
    assertThat(engine.modelRoute.billing().balance(id).balance()).isEqualTo(Money.parse("7.50"));
  }

  @Test
  void aFailingModelShowsInTheAttemptTrailTheProviderHealthAndTheQueue() throws IOException {
    List<String> failing = new ArrayList<>();
    for (int i = 0; i < 5; i++) { // five consecutive retryable failures open the model's breaker
      failing.add(submit(key, "demo-overloaded", "{\"prompt\":\"x\"}"));
    }
    submit("{\"prompt\":\"a lighthouse\"}"); // flux-1.1-pro: the demo provider's job is awaited, in
    // flight
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    // the attempt whose failure opened the breaker (and any handed over after it) fails for good:
    // retrying an open circuit's only route is pointless; the others wait for their retry
    String org = engine.modelRoute.apiKeys().authenticate(key).orgId();
    long retrying =
        failing.stream()
            .filter(
                id ->
                    engine.modelRoute.executions().get(org, id).status()
                        == ExecutionStatus.PROCESSING)
            .count();
    assertThat(retrying).isLessThan(5);

    signIn(ADMIN);
    browser.get(base + "/console#/trail");
    visible(By.id("trail-id")).sendKeys(failing.get(0));
    browser.findElement(By.cssSelector("#trail-form button[type=submit]")).click();
    WebElement trail = visible(By.id("trail"));
    assertThat(trail.getText()).contains("demo", "demo-overloaded", "FAILED", "MODEL_OVERLOADED");
    assertThat(browser.findElement(By.id("trail-status")).getText())
        .isEqualTo(engine.modelRoute.executions().get(org, failing.get(0)).status().name());
    assertThat(browser.findElement(By.id("trail-model")).getText()).isEqualTo("demo-overloaded");
    screenshot("operator-trail");

    browser.findElement(By.id("trail-id")).clear();
    browser.findElement(By.id("trail-id")).sendKeys("exec_00000000-0000-0000-0000-000000000000");
    browser.findElement(By.cssSelector("#trail-form button[type=submit]")).click();
    waitForText(By.id("trail-error"), "No execution");

    browser.findElement(By.cssSelector("a[data-nav='providers']")).click();
    WebElement demo = visible(By.cssSelector("#providers tr[data-provider='demo']"));
    assertThat(demo.findElement(By.cssSelector(".circuit-cell")).getText()).isEqualTo("HALF_OPEN");
    assertThat(demo.findElement(By.cssSelector(".in-flight")).getText()).isEqualTo("1 / unbounded");
    assertThat(demo.findElement(By.cssSelector(".error-counts")).getText())
        .isEqualTo("MODEL_OVERLOADED × 5");
    assertThat(
            browser
                .findElement(By.cssSelector("#circuits-demo tr[data-model='demo-overloaded']"))
                .getText())
        .contains("OPEN");
    assertThat(
            browser
                .findElement(By.cssSelector("#circuits-demo tr[data-model='demo-image']"))
                .getText())
        .contains("CLOSED");
    assertThat(browser.findElements(By.cssSelector("#errors-demo tbody tr"))).hasSize(5);
    screenshot("operator-providers");

    browser.findElement(By.cssSelector("a[data-nav='cluster']")).click();
    waitForText(By.id("ledger-check-result"), "OK: every balance equals");
    assertThat(browser.findElement(By.id("ledger-check")).getAttribute("class"))
        .contains("check-ok");
    assertThat(browser.findElement(By.id("queue-processing")).getText())
        .isEqualTo(String.valueOf(retrying + 1));
    assertThat(
            browser.findElement(By.cssSelector("#queue tr[data-model='flux-1.1-pro']")).getText())
        .isEqualTo("flux-1.1-pro 0 1 0 1");
    assertThat(browser.findElements(By.cssSelector("#queue tr[data-model='demo-overloaded']")))
        .extracting(WebElement::getText)
        .containsExactlyElementsOf(
            retrying == 0
                ? List.of()
                : List.of("demo-overloaded 0 " + retrying + " 0 " + retrying));
    assertThat(browser.findElement(By.id("nodes")).getText()).contains("test-node", "LIVE");
    screenshot("operator-cluster");

    submit("{\"prompt\":\"one more\"}");
    browser.findElement(By.id("cluster-refresh")).click();
    waitForText(By.id("queue-pending"), "1");
    assertThat(browser.findElement(By.id("queue-due")).getText()).isEqualTo("1");
  }

  @Test
  void aBalanceThatDiffersFromItsLedgerShowsTheCheckNotOkWithTheOrganization() {
    String id =
        engine.modelRoute.organizations().create("skewed", Money.parse("3.00")).organization().id();
    var jdbi = engine.modelRoute.database().jdbi();
    jdbi.useHandle(
        h ->
            h.execute(
                "UPDATE balances SET balance_micros = balance_micros + 1 WHERE org_id = ?", id));
    try {
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844)); // a phone
      signIn(ADMIN);
      browser.get(base + "/console#/cluster");
      waitForText(By.id("ledger-check-result"), "NOT OK: 1 organization");
      assertThat(browser.findElement(By.id("ledger-check")).getAttribute("class"))
          .contains("check-bad");
      assertThat(browser.findElement(By.id("ledger-violations")).getText()).isEqualTo(id);
      screenshot("operator-cluster-ledger-not-ok-phone");
      browser.findElement(By.cssSelector("#ledger-violations a")).click();
      waitForText(By.id("org-balance-total"), "3.000001 USD");
    } finally {
      jdbi.useHandle(
          h ->
              h.execute(
                  "UPDATE balances SET balance_micros = balance_micros - 1 WHERE org_id = ?", id));
    }
  }

  /** Submits an execution of {@code model} with this key through the API; returns its id. */
  static String submit(String apiKey, String model, String inputJson) throws IOException {
    SUBMITTERS.add(apiKey);
    String body = "{\"model\":\"" + model + "\",\"input\":" + inputJson + "}";
    okhttp3.Request request =
        new okhttp3.Request.Builder()
            .url(base + "/v1/executions")
            .header("Authorization", "Bearer " + apiKey)
            .post(okhttp3.RequestBody.create(body, okhttp3.MediaType.get("application/json")))
            .build();
    try (okhttp3.Response r = TestHttp.client().newCall(request).execute()) {
      String text = r.body().string();
      assertThat(r.code()).as(text).isEqualTo(202);
      return io.modelroute.Json.readTree(text).path("id").asText();
    }
  }

  void waitForText(By by, String text) {
    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }
}
