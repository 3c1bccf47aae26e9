package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Money;
import io.modelroute.auth.ApiKeyService;
import io.modelroute.auth.Permission;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The tenant's API keys page in a real headless Chromium: a new secret is shown once and never
 * stored; rotation (the old secret stops after the grace hour) and revocation, each after a confirm
 * step that says when it ends this session.
 */
class ConsoleKeysBrowserTest extends ConsoleBrowser {

  /**
   * The status of {@code GET /v1/executions} with {@code secret}: 200 while it works, 401 once it
   * stops.
   */
  static int works(String secret) throws IOException {
    Request get =
        new Request.Builder()
            .url(base + "/v1/executions?limit=1")
            .header("Authorization", "Bearer " + secret)
            .build();
    try (Response r = TestHttp.client().newCall(get).execute()) {
      return r.code();
    }
  }

  String row(String keyId) {
    return "#keys tr[data-id='" + keyId + "']";
  }

  void waitForText(By by, String text) {
    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  @Test
  void aNewSecretIsShownOnceAndRotatingGivesANewOneWhileTheOldStopsAfterTheGrace()
      throws IOException {
    var org = engine.modelRoute.organizations().create("keys-org", Money.parse("5.00"));
    signIn(org.key().secret());
    browser.get(base + "/console#/keys");
    visible(By.cssSelector(row(org.key().key().id())));
    assertThat(browser.findElement(By.cssSelector(row(org.key().key().id()))).getText())
        .contains("this session");

    visible(By.id("key-label")).sendKeys("ci runner");
    new Select(browser.findElement(By.id("key-permission"))).selectByValue("EXECUTION_ONLY");
    browser.findElement(By.id("key-create")).click();

    String created = visible(By.id("new-secret")).getText();
    assertThat(created).startsWith("sk_");
    String id =
        engine.modelRoute.apiKeys().list(org.organization().id()).stream()
            .filter(k -> "ci runner".equals(k.label()))
            .findFirst()
            .orElseThrow()
            .id();
    visible(By.cssSelector(row(id)));
    assertThat(browser.findElement(By.cssSelector(row(id))).getText())
        .contains("ci runner", "EXECUTION_ONLY");
    assertThat(engine.modelRoute.apiKeys().authenticate(created).permission())
        .isEqualTo(Permission.EXECUTION_ONLY);
    browser.findElement(By.id("new-secret-copy")).click();
    new WebDriverWait(browser, WAIT)
        .until(d -> !d.findElement(By.id("new-secret-copied")).getText().isEmpty());
    assertThat(
            String.valueOf(
                browser.executeScript(
                    "return document.cookie + JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + history.length + location.href")))
        .doesNotContain(created);
    screenshot("keys-created");

    // navigating away drops the secret: it is not on the page when coming back
    browser.get(base + "/console#/executions");
    visible(By.cssSelector("nav a[aria-current=page][href='#/executions']"));
    browser.get(base + "/console#/keys");
    visible(By.cssSelector(row(id)));
    assertThat(browser.findElements(By.id("new-secret"))).isEmpty();
    assertThat(browser.getPageSource()).doesNotContain(created);

    browser.findElement(By.cssSelector(row(id) + " button.key-rotate")).click();
    assertThat(visible(By.cssSelector(row(id) + " .confirm")).getText())
        .contains("one hour")
        .doesNotContain("this console session");
    browser.findElement(By.cssSelector(row(id) + " button.key-confirm")).click();

    waitForText(By.id("keys-message"), "Rotated " + id);
    String rotated = visible(By.id("new-secret")).getText();
    assertThat(rotated).startsWith("sk_").isNotEqualTo(created);
    assertThat(browser.findElement(By.id("secret-box")).getText())
        .contains("The old secret works until");
    screenshot("keys-rotated");
    assertThat(works(rotated)).isEqualTo(200);
    assertThat(works(created)).isEqualTo(200); // the grace hour

    engine.clock.advance(ApiKeyService.ROTATION_GRACE.plus(Duration.ofSeconds(1)));

    assertThat(works(created)).isEqualTo(401);
    assertThat(works(rotated)).isEqualTo(200);
    browser.findElement(By.id("new-secret-done")).click();
    assertThat(browser.findElements(By.id("new-secret"))).isEmpty();
  }

  @Test
  void revokingAKeyStopsItAndRevokingTheSessionsOwnKeySignsOut() throws IOException {
    var org = engine.modelRoute.organizations().create("revoke-org", Money.parse("5.00"));
    String own = org.key().secret();
    var other =
        engine.modelRoute.apiKeys().create(org.organization().id(), "old app", Permission.FULL);
    signIn(own);
    browser.get(base + "/console#/keys");

    visible(By.cssSelector(row(other.key().id()) + " button.key-revoke")).click();
    assertThat(visible(By.cssSelector(row(other.key().id()) + " .confirm")).getText())
        .contains("401")
        .doesNotContain("this console session");
    browser.findElement(By.cssSelector(row(other.key().id()) + " button.key-cancel")).click();
    assertThat(works(other.secret())).isEqualTo(200);
    browser.findElement(By.cssSelector(row(other.key().id()) + " button.key-revoke")).click();
    visible(By.cssSelector(row(other.key().id()) + " button.key-confirm")).click();

    waitForText(By.id("keys-message"), "Revoked " + other.key().id());
    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#keys tbody tr"), 1));
    assertThat(works(other.secret())).isEqualTo(401);

    String self = org.key().key().id();
    browser.findElement(By.cssSelector(row(self) + " button.key-revoke")).click();
    assertThat(visible(By.cssSelector(row(self) + " .confirm")).getText())
        .contains("This console session was opened with this key", "signs you out");
    screenshot("keys-revoke-own-confirm");
    browser.findElement(By.cssSelector(row(self) + " button.key-confirm")).click();

    visible(By.id("sign-in"));
    assertThat(browser.findElement(By.id("sign-in-error")).getText())
        .contains("Your session ended");
    assertThat(works(own)).isEqualTo(401);
  }

  @Test
  void rotatingTheSessionsOwnKeyEndsTheSessionWhenTheOldSecretStops() throws IOException {
    var org = engine.modelRoute.organizations().create("rotate-self-org", Money.parse("5.00"));
    String self = org.key().key().id();
    signIn(org.key().secret());
    browser.get(base + "/console#/keys");

    visible(By.cssSelector(row(self) + " button.key-rotate")).click();
    assertThat(visible(By.cssSelector(row(self) + " .confirm")).getText())
        .contains(
            "This console session was opened with this key", "sign in again with the new one");
    browser.findElement(By.cssSelector(row(self) + " button.key-confirm")).click();
    String rotated = visible(By.id("new-secret")).getText();
    assertThat(browser.findElement(By.id("secret-box")).getText())
        .contains("This session ends then");

    engine.clock.advance(ApiKeyService.ROTATION_GRACE.plus(Duration.ofSeconds(1)));
    browser.get(base + "/console#/executions");

    visible(By.id("sign-in"));
    assertThat(browser.findElement(By.id("sign-in-error")).getText())
        .contains("Your session ended");
    signIn(rotated);
    assertThat(browser.findElement(By.id("who")).getText()).contains(org.organization().id());
  }
}
