package io.modelroute.http;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The base of the console's browser tests: a real server on a random port (real H2, the test
 * catalog, no workers) and Debian's headless Chromium through its chromedriver: one browser per
 * test JVM, a fresh tab without cookies per test, at a fixed desktop window size. Screenshots go to
 * {@code http/target/console-screenshots/}. Skipped when {@code chromium} or {@code chromedriver}
 * is missing ({@code .ci/run} installs both).
 */
abstract class ConsoleBrowser {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  static final Duration WAIT = Duration.ofSeconds(15);
  static final String ADMIN = "admin-token-browser-1234";

  static TestEngine engine;
  static ModelRouteServer server;
  static String base;

  /** The FULL key of an organization made for the test class. */
  static String key;

  /** Every key {@link #submit} used, for {@link #endOpenStreams}. */
  static final java.util.Set<String> SUBMITTERS =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  ChromeDriver browser;

  @BeforeAll
  static void startServer() {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Debian's chromium and chromium-driver are not installed: the browser tests are skipped (.ci/run installs them)");
    engine = TestEngine.withDefaultCatalog(Dialect.H2);
    server =
        new ModelRouteServer(engine.modelRoute, ServerConfig.defaults(0).withAdminToken(ADMIN))
            .start();
    base = "http://localhost:" + server.port();
    key =
        engine
            .modelRoute
            .organizations()
            .create("browser-org", Money.parse("25.00"))
            .key()
            .secret();
  }

  @AfterAll
  static void stopServer() throws IOException {
    if (server != null) {
      endOpenStreams();
      server.stop();
      engine.close();
    }
  }

  /** The one browser of this test JVM, started by the first test that needs it. */
  private static ChromeDriver shared;

  /**
   * Gives the test the JVM's one browser in a fresh tab with no cookies, the default window size
   * and an empty history: starting Chromium costs more than most tests, so it starts once.
   */
  @BeforeEach
  void openBrowser() {
    synchronized (ConsoleBrowser.class) {
      if (shared != null && !freshTab(shared)) {
        quitQuietly(shared);
        shared = null;
      }
      if (shared == null) {
        shared = startBrowser();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> quitQuietly(shared)));
      }
      browser = shared;
    }
  }

  private static ChromeDriver startBrowser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--lang=en-US");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /**
   * Opens a new tab, closes the others (an alert a test left open with them) and clears every
   * cookie (all test servers are on localhost, and cookies do not look at the port); false when the
   * browser no longer answers.
   */
  private static boolean freshTab(ChromeDriver driver) {
    try {
      java.util.Set<String> old = driver.getWindowHandles();
      driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
      String tab = driver.getWindowHandle();
      for (String handle : old) {
        driver.switchTo().window(handle).close();
      }
      driver.switchTo().window(tab);
      driver.executeCdpCommand("Network.clearBrowserCookies", java.util.Map.of());
      driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
      return true;
    } catch (org.openqa.selenium.WebDriverException e) {
      return false;
    }
  }

  private static void quitQuietly(ChromeDriver driver) {
    try {
      driver.quit();
    } catch (RuntimeException e) {
      // already gone
    }
  }

  /**
   * Cancels the organization's unfinished executions, which ends the event streams the pages
   * opened: the server notices a closed browser's stream only at its next keep-alive (15 s), later
   * than its 10 s stop would wait.
   */
  static void endOpenStreams() throws IOException {
    for (String k : SUBMITTERS) {
      endOpenStreams(k);
    }
  }

  private static void endOpenStreams(String key) throws IOException {
    var http = TestHttp.client();
    okhttp3.Request list =
        new okhttp3.Request.Builder()
            .url(base + "/v1/executions?status=PENDING&limit=100")
            .header("Authorization", "Bearer " + key)
            .build();
    try (okhttp3.Response r = http.newCall(list).execute()) {
      for (var x : io.modelroute.Json.readTree(r.body().string()).path("data")) {
        okhttp3.Request cancel =
            new okhttp3.Request.Builder()
                .url(base + "/v1/executions/" + x.path("id").asText() + "/cancel")
                .header("Authorization", "Bearer " + key)
                .post(okhttp3.RequestBody.create(new byte[0]))
                .build();
        http.newCall(cancel).execute().close();
      }
    }
  }

  /**
   * Submits an execution of {@code flux-1.1-pro} with this input through the API; returns its id.
   */
  static String submit(String inputJson) throws IOException {
    return submit(key, inputJson);
  }

  /** Submits an execution of {@code flux-1.1-pro} with this key; returns its id. */
  static String submit(String apiKey, String inputJson) throws IOException {
    SUBMITTERS.add(apiKey);
    String body = "{\"model\":\"flux-1.1-pro\",\"input\":" + inputJson + "}";
    okhttp3.Request request =
        new okhttp3.Request.Builder()
            .url(base + "/v1/executions")
            .header("Authorization", "Bearer " + apiKey)
            .post(okhttp3.RequestBody.create(body, okhttp3.MediaType.get("application/json")))
            .build();
    try (okhttp3.Response r = TestHttp.client().newCall(request).execute()) {
      String text = r.body().string();
      if (r.code() != 202) {
        throw new AssertionError("create answered " + r.code() + ": " + text);
      }
      return io.modelroute.Json.readTree(text).path("id").asText();
    }
  }

  /** Waits (polling, up to 15 s) until the element is visible and returns it. */
  WebElement visible(By by) {
    return new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /**
   * Opens the console and signs in with {@code credential}; returns once the signed-in view shows.
   */
  void signIn(String credential) {
    browser.get(base + "/console");
    WebElement field = visible(By.id("credential"));
    field.sendKeys(credential);
    browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
    visible(By.id("sign-out"));
  }

  /**
   * Writes a PNG screenshot of the current page as {@code target/console-screenshots/<name>.png}.
   */
  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = browser.getScreenshotAs(OutputType.FILE);
      Files.copy(
          shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The axe-core accessibility engine, fetched once per build from the npm registry (npm pack). */
  static final String AXE_VERSION = "4.14.1";

  private static volatile String axe;

  private static String axeSource() throws IOException, InterruptedException {
    if (axe == null) {
      synchronized (ConsoleBrowser.class) {
        Path dir = Path.of("target", "axe-core-" + AXE_VERSION);
        Path script = dir.resolve("package").resolve("axe.min.js");
        if (!Files.isRegularFile(script)) {
          Files.createDirectories(dir);
          run(dir, "npm", "pack", "axe-core@" + AXE_VERSION, "--silent");
          run(dir, "tar", "-xzf", "axe-core-" + AXE_VERSION + ".tgz");
        }
        axe = Files.readString(script);
      }
    }
    return axe;
  }

  private static void run(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }

  /**
   * Runs axe-core's WCAG 2.1 A and AA rules (labels, names, roles, colour contrast, …) on the page
   * as it is now and fails listing every violation. Needs npm (the OpenAPI lint needs it too).
   */
  void assertAccessible(String page) {
    try {
      browser.executeScript(axeSource());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Object violations =
        browser.executeAsyncScript(
            """
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
          .then((r) => done(r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at '
            + v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', '))))
          .catch((e) => done(['axe failed: ' + e]));
        """);
    org.assertj.core.api.Assertions.assertThat((java.util.List<?>) violations)
        .as("accessibility of " + page)
        .isEmpty();
  }
}
