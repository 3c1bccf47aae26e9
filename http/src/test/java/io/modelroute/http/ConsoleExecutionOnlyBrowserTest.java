package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Money;
import io.modelroute.auth.Permission;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** An EXECUTION_ONLY key in a real headless Chromium: it sees and reaches only what it may use. */
class ConsoleExecutionOnlyBrowserTest extends ConsoleBrowser {

  @Test
  void anExecutionOnlyKeySeesExecutionsPlaygroundAndFilesOnly() {
    var org = engine.modelRoute.organizations().create("limited-org", Money.parse("5.00"));
    String limited =
        engine
            .modelRoute
            .apiKeys()
            .create(org.organization().id(), "app", Permission.EXECUTION_ONLY)
            .secret();

    signIn(limited);

    assertThat(browser.findElements(By.cssSelector("#nav-links a")))
        .extracting(WebElement::getText)
        .containsExactly("Executions", "Playground", "Files");
    assertThat(browser.findElement(By.id("who")).getText()).contains("EXECUTION_ONLY");
    screenshot("execution-only-nav");

    for (String page : new String[] {"#/keys", "#/balance", "#/webhooks"}) {
      browser.get(base + "/console" + page);
      new WebDriverWait(browser, WAIT)
          .until(
              ExpectedConditions.textToBe(By.cssSelector("#view [role=alert]"), "No such page."));
    }
    screenshot("execution-only-no-such-page");

    browser.get(base + "/console#/files");
    visible(By.id("files-empty"));
    assertThat(browser.findElement(By.cssSelector("nav a[aria-current=page]")).getText())
        .isEqualTo("Files");
  }
}
