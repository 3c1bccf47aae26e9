package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

/** Signing in to the console in a real headless Chromium, seeing the executions, signing out. */
class ConsoleSignInBrowserTest extends ConsoleBrowser {

  @Test
  void aKeySignsInToTheExecutionsListAndSigningOutEndsTheSession() throws java.io.IOException {
    String id = submit("{\"prompt\":\"a lighthouse at dusk\"}");

    signIn(key);

    visible(By.cssSelector("#executions tr[data-id='" + id + "']"));
    assertThat(browser.findElement(By.id("executions")).getText())
        .contains(id, "flux-1.1-pro", "PENDING");
    Cookie cookie = browser.manage().getCookieNamed(ConsoleRoutes.COOKIE);
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");
    assertThat(cookie.getValue()).doesNotContain(key);
    Object stored =
        browser.executeScript(
            "return document.cookie + JSON.stringify(localStorage) + JSON.stringify(sessionStorage)");
    assertThat(String.valueOf(stored)).doesNotContain(key).doesNotContain(cookie.getValue());
    screenshot("executions");

    browser.findElement(By.id("sign-out")).click();

    visible(By.id("sign-in"));
    screenshot("sign-in");
    browser.navigate().refresh();
    visible(By.id("credential"));
    assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
  }
}
