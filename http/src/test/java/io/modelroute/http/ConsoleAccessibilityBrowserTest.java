package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * Every console page passes axe-core's WCAG 2.1 A/AA rules (labels, names, landmarks, colour
 * contrast) on a desktop and a phone-sized window, and the console works from the keyboard alone.
 */
class ConsoleAccessibilityBrowserTest extends ConsoleBrowser {
  static final String[] TENANT_PAGES = {
    "#/executions", "#/playground", "#/files", "#/webhooks", "#/balance", "#/keys"
  };

  @Test
  void theSignInPageAndEveryTenantPagePassTheWcagRulesOnADesktopAndAPhone() throws IOException {
    String id = submit("{\"prompt\":\"an accessible lighthouse\"}");
    browser.get(base + "/console");
    visible(By.id("credential"));
    assertAccessible("sign-in");
    signIn(key);

    for (Dimension window : new Dimension[] {new Dimension(1280, 900), new Dimension(390, 844)}) {
      browser.manage().window().setSize(window);
      for (String page : TENANT_PAGES) {
        browser.get(base + "/console" + page);
        visible(By.cssSelector("#view h2"));
        assertAccessible(page + " at " + window);
      }
      browser.get(base + "/console#/executions/" + id);
      visible(By.cssSelector("#view h2"));
      assertAccessible("execution detail at " + window);
    }
  }

  @Test
  void theOperatorPagesPassTheWcagRules() {
    signIn(ADMIN);
    for (String page : new String[] {"#/organizations", "#/trail", "#/providers", "#/cluster"}) {
      browser.get(base + "/console" + page);
      visible(By.cssSelector("#view h2"));
      assertAccessible(page);
    }
  }

  @Test
  void aKeyboardAloneSignsInAndReachesAPageFromTheNavigation() {
    browser.get(base + "/console");
    visible(By.id("credential"));
    assertThat(browser.switchTo().activeElement().getAttribute("id"))
        .as("the key field has the focus")
        .isEqualTo("credential");

    new Actions(browser).sendKeys(key).sendKeys(Keys.ENTER).perform();
    visible(By.id("sign-out"));
    By playground = By.cssSelector("#nav-links a[href='#/playground']");
    visible(playground);
    for (int i = 0;
        i < 20 && !playground.findElement(browser).equals(browser.switchTo().activeElement());
        i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
    }
    assertThat(browser.switchTo().activeElement()).isEqualTo(browser.findElement(playground));
    new Actions(browser).sendKeys(Keys.ENTER).perform();

    visible(By.cssSelector("#view h2"));
    assertThat(browser.getCurrentUrl()).endsWith("#/playground");
    assertThat(browser.findElement(playground).getAttribute("aria-current")).isEqualTo("page");
  }
}
