package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Money;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The operator's console in a real headless Chromium: the admin token signs in to the organizations
 * (organization names are validated at creation, so they carry no markup to test here). */
class ConsoleOperatorBrowserTest extends ConsoleBrowser {

  @Test
  void theAdminTokenSignsInToTheOrganizations() {
    String id = engine.modelRoute.organizations().create("operator-view-org", Money.parse("1.00")).organization().id();

    signIn(ADMIN);

    visible(By.cssSelector("#organizations tr[data-id='" + id + "']"));
    assertThat(browser.findElement(By.id("organizations")).getText()).contains("browser-org", "operator-view-org");
    assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("operator");
    screenshot("operator-organizations");
  }
}
