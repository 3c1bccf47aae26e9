package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.catalog.Category;
import io.modelroute.catalog.Usage;
import io.modelroute.db.internal.Dialect;
import io.modelroute.execution.Execution;
import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderRequest;
import io.modelroute.provider.demo.DemoProvider;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground in a real headless Chromium: the form made from a model's input schema, a run of
 * an image model to its PNG, a STREAMING text model followed live, a file field through the upload
 * flow and the server's field errors next to their fields.
 */
class ConsolePlaygroundBrowserTest extends ConsoleBrowser {
  static final GatedText PROVIDER = new GatedText();

  /** A model added to the default catalog with the kinds of fields its models do not have. */
  static final String KINDS =
      """

        - slug: playground-kinds
          category: image
          description: "Every kind of field the playground renders."
          timeout_s: 60
          pricing: {unit: per_run, price: "0.010"}
          input_schema:
            type: object
            required: [prompt, style]
            additionalProperties: false
            properties:
              prompt: {type: string, minLength: 1, maxLength: 2000}
              style: {type: string, enum: [photo, sketch, oil painting], default: sketch, description: "The look."}
              upscale: {type: boolean, description: "Upscale the result."}
              tags: {type: array, items: {type: string}, description: "Labels."}
              caption: {type: string, maxLength: 80}
          routes:
            - provider: demo
              provider_model: demo-image
      """;

  /**
   * Hides {@link ConsoleBrowser#startServer}: the same server, but text models stream through
   * {@link GatedText}, which can hold an execution between its deltas and its end.
   */
  @BeforeAll
  static void startServer() {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Debian's chromium and chromium-driver are not installed: the browser tests are skipped (.ci/run installs them)");
    Path catalog;
    try (var in =
        io.modelroute.catalog.Catalog.class.getResourceAsStream(
            "/io/modelroute/catalog/default-catalog.yaml")) {
      catalog =
          Files.writeString(
              Files.createTempFile("playground-catalog", ".yaml"),
              new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) + KINDS);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    engine = TestEngine.withDefaultCatalog(Dialect.H2, b -> b.catalogFile(catalog), PROVIDER);
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
    SUBMITTERS.add(key);
  }

  /**
   * The demo provider, except that a text execution whose prompt has a gate streams "Once upon "
   * and "a time", waits for the gate, then streams " there was a kite." and completes.
   */
  static final class GatedText implements Provider {
    static final String TEXT = "Once upon a time there was a kite.";
    private final DemoProvider demo = new DemoProvider();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    CountDownLatch gate(String prompt) {
      return gates.computeIfAbsent(prompt, p -> new CountDownLatch(1));
    }

    @Override
    public String name() {
      return DemoProvider.NAME;
    }

    @Override
    public ProviderOutcome start(ProviderRequest request) {
      CountDownLatch gate = gates.get(request.input().path("prompt").asText());
      if (request.model().category() != Category.TEXT || gate == null) {
        return demo.start(request);
      }
      request.listener().onDelta("Once upon ");
      request.listener().onDelta("a time");
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      request.listener().onDelta(" there was a kite.");
      return ProviderOutcome.Completed.text(TEXT, Usage.tokens(4, 8));
    }

    @Override
    public ProviderOutcome poll(ProviderRequest request, String jobId) {
      return demo.poll(request, jobId);
    }

    @Override
    public void cancel(ProviderRequest request, String jobId) {
      demo.cancel(request, jobId);
    }
  }

  static String orgOf(String apiKey) {
    return engine.modelRoute.apiKeys().authenticate(apiKey).orgId();
  }

  static Execution execution(String apiKey, String id) {
    return engine.modelRoute.executions().get(orgOf(apiKey), id);
  }

  /** The ids of the organization's executions, through the API. */
  static List<String> executionIds(String apiKey) throws IOException {
    Request list =
        new Request.Builder()
            .url(base + "/v1/executions?limit=100")
            .header("Authorization", "Bearer " + apiKey)
            .build();
    try (Response r = TestHttp.client().newCall(list).execute()) {
      List<String> ids = new ArrayList<>();
      Json.readTree(r.body().string()).path("data").forEach(x -> ids.add(x.path("id").asText()));
      return ids;
    }
  }

  WebDriverWait waiting() {
    return new WebDriverWait(browser, WAIT);
  }

  /** The id of the execution the playground shows, once it shows one. */
  String shownExecution() {
    return visible(By.cssSelector("#playground-price a")).getText();
  }

  void openModel(String slug) {
    browser.get(base + "/console#/playground/" + slug);
    visible(By.id("playground-form"));
  }

  /** Scrolls {@code element} to the middle of the window (for the screenshot). */
  void centre(WebElement element) {
    browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
  }

  static void type(WebElement field, String text) {
    field.clear();
    field.sendKeys(text);
  }

  @Test
  void anImageModelRunsFromItsFormShowsThePriceAndThePngAndADoubleClickSubmitsOnce()
      throws IOException {
    String own =
        engine
            .modelRoute
            .organizations()
            .create("playground-image-org", Money.parse("25.00"))
            .key()
            .secret();
    SUBMITTERS.add(own);
    signIn(own);
    browser.get(base + "/console#/playground");
    visible(By.cssSelector("#playground-models tr[data-slug='flux-1.1-pro']"));
    assertThat(browser.findElement(By.id("playground-models")).getText())
        .contains("text-generation-standard", "0.040 USD per run");
    screenshot("playground-models");

    browser.findElement(By.linkText("flux-1.1-pro")).click();

    WebElement prompt = visible(By.id("field-prompt"));
    assertThat(prompt.getTagName()).isEqualTo("textarea");
    assertThat(browser.findElement(By.cssSelector("label[for=field-prompt]")).getText())
        .contains("(required)");
    WebElement width = browser.findElement(By.id("field-width"));
    assertThat(width.getAttribute("type")).isEqualTo("number");
    assertThat(width.getDomProperty("value")).isEqualTo("1024"); // the schema's default
    assertThat(browser.findElement(By.id("field-width-hint")).getText())
        .contains("Width in pixels.", "256 to 2048");
    assertThat(browser.findElements(By.id("playground-mode")))
        .isEmpty(); // an image model runs ASYNC only
    prompt.sendKeys("a lighthouse at dusk");
    type(width, "512");
    type(browser.findElement(By.id("field-height")), "384");
    screenshot("playground-form");

    new Actions(browser).doubleClick(browser.findElement(By.id("playground-submit"))).perform();

    String id = shownExecution();
    assertThat(visible(By.id("playground-estimate")).getText()).isEqualTo("0.040 USD");
    assertThat(browser.findElement(By.id("playground-hold")).getText()).isEqualTo("0.048 USD");
    assertThat(visible(By.id("execution-status")).getText()).isEqualTo("PENDING");
    // the same form submitted again is the same request (same Idempotency-Key): still one execution
    browser.findElement(By.id("playground-submit")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("playground-status"), "Already submitted"));
    assertThat(executionIds(own)).containsExactly(id);
    assertThat(execution(own, id).input().path("width").isInt()).isTrue();
    assertThat(execution(own, id).input().path("width").asInt()).isEqualTo(512);

    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    engine.clock.advance(Duration.ofSeconds(2));
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());

    waiting().until(ExpectedConditions.textToBe(By.id("execution-status"), "COMPLETED"));
    WebElement png = visible(By.cssSelector("#playground-execution img.output"));
    waiting()
        .until(
            d ->
                ((Number)
                            browser.executeScript(
                                "return arguments[0].complete ? arguments[0].naturalWidth : 0",
                                png))
                        .intValue()
                    == 512);
    assertThat(browser.findElement(By.id("playground-execution")).getText())
        .contains("Cost", "0.040");
    centre(png);
    screenshot("playground-image");
  }

  @Test
  void aStreamingTextModelShowsItsDeltasLiveBeforeItCompletes() throws Exception {
    CountDownLatch gate = PROVIDER.gate("tell me about kites");
    CompletableFuture<Integer> worker = null;
    try {
      signIn(key);
      openModel("text-generation-standard");
      visible(By.id("field-prompt")).sendKeys("tell me about kites");
      assertThat(browser.findElement(By.id("field-temperature")).getAttribute("step"))
          .isEqualTo("any");
      Select mode = new Select(browser.findElement(By.id("playground-mode")));
      assertThat(mode.getFirstSelectedOption().getText()).isEqualTo("ASYNC");
      mode.selectByValue("STREAMING");

      browser.findElement(By.id("playground-submit")).click();

      String id = shownExecution();
      assertThat(visible(By.id("playground-hold")).getText()).endsWith(" USD");
      assertThat(execution(key, id).mode().name()).isEqualTo("STREAMING");
      worker =
          CompletableFuture.supplyAsync(
              () -> engine.modelRoute.dispatcher().runOnce(engine.clock.instant()));

      waiting().until(ExpectedConditions.textToBe(By.id("execution-stream"), "Once upon a time"));
      assertThat(execution(key, id).status().isTerminal()).isFalse();
      assertThat(browser.findElement(By.id("execution-status")).getText()).isEqualTo("PROCESSING");
      centre(browser.findElement(By.id("execution-stream")));
      screenshot("playground-streaming");

      gate.countDown();
      worker.get(15, TimeUnit.SECONDS);

      waiting().until(ExpectedConditions.textToBe(By.id("execution-status"), "COMPLETED"));
      assertThat(visible(By.id("execution-output-text")).getText()).isEqualTo(GatedText.TEXT);
      centre(browser.findElement(By.id("execution-output-text")));
      screenshot("playground-streaming-done");
    } finally {
      gate.countDown();
      if (worker != null) {
        worker.get(15, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void
      aFileFieldUploadsThroughTheFileFlowAndTheInputHoldsTheFileReferenceAlsoForAnExecutionOnlyKey()
          throws IOException {
    Path png = Files.createTempFile("reference", ".png");
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    var g = image.createGraphics();
    g.setColor(new java.awt.Color(0x2f, 0x80, 0xed));
    g.fillRect(0, 0, 64, 48);
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
    String limited =
        engine
            .modelRoute
            .apiKeys()
            .create(orgOf(key), "playground", io.modelroute.auth.Permission.EXECUTION_ONLY)
            .secret();
    SUBMITTERS.add(limited);
    signIn(limited);
    assertThat(visible(By.cssSelector("#nav-links a[href='#/playground']")).isDisplayed()).isTrue();
    openModel("flux-1.1-pro");
    visible(By.id("field-prompt")).sendKeys("a kite like this one");
    assertThat(browser.findElement(By.id("field-image-hint")).getText()).contains("image/png");

    browser.findElement(By.id("field-image-upload")).sendKeys(png.toAbsolutePath().toString());

    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("field-image-upload-status"), "Uploaded"));
    String fileId = browser.findElement(By.id("field-image")).getDomProperty("value");
    assertThat(fileId).startsWith("file_");
    assertThat(browser.findElement(By.id("field-image-upload-status")).getText())
        .contains("image/png");
    var stored = engine.modelRoute.files().get(orgOf(limited), fileId);
    assertThat(stored.isReady()).isTrue();
    assertThat(stored.contentType()).isEqualTo("image/png");
    WebElement preview = visible(By.cssSelector(".upload-preview img.preview"));
    waiting()
        .until(
            d ->
                ((Number)
                            browser.executeScript(
                                "return arguments[0].complete ? arguments[0].naturalWidth : 0",
                                preview))
                        .intValue()
                    == 64);
    centre(preview);
    screenshot("playground-file-upload");

    browser.findElement(By.id("playground-submit")).click();

    String id = shownExecution();
    assertThat(execution(limited, id).input().path("image").asText()).isEqualTo(fileId);
    assertThat(visible(By.id("execution-input")).getText())
        .contains("\"image\": \"" + fileId + "\"");
  }

  @Test
  void theServersFieldErrorsShowNextToTheirFields() throws IOException {
    String own =
        engine
            .modelRoute
            .organizations()
            .create("playground-errors-org", Money.parse("25.00"))
            .key()
            .secret();
    signIn(own);
    openModel("flux-1.1-pro");
    WebElement prompt = visible(By.id("field-prompt"));

    // a client-side check first: no request is made
    type(browser.findElement(By.id("field-width")), "100");
    browser.findElement(By.id("playground-submit")).click();
    assertThat(visible(By.id("field-prompt-error")).getText()).isEqualTo("prompt is required");
    assertThat(visible(By.id("field-width-error")).getText())
        .isEqualTo("width must be between 256 and 2048");
    type(browser.findElement(By.id("field-width")), "1024");

    // only the server rejects raw URLs
    prompt.sendKeys("https://example.com/a-kite.png");
    browser.findElement(By.id("playground-submit")).click();

    WebElement error = visible(By.cssSelector(".field:has(#field-prompt) #field-prompt-error"));
    assertThat(error.getText()).contains("raw URLs are not accepted");
    assertThat(prompt.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(prompt.getAttribute("aria-describedby")).contains("field-prompt-error");
    assertThat(browser.findElement(By.id("playground-error")).getText())
        .contains("INPUT_VALIDATION_ERROR");
    assertThat(browser.findElement(By.id("field-width-error")).isDisplayed()).isFalse();
    centre(error);
    screenshot("playground-field-error");

    // a file reference the server does not know: its error goes next to the file field
    type(prompt, "a kite");
    browser.findElement(By.id("field-image")).sendKeys("file_00000000-0000-4000-8000-000000000000");
    browser.findElement(By.id("playground-submit")).click();

    waiting().until(ExpectedConditions.textToBe(By.id("field-image-error"), "file not found"));
    assertThat(browser.findElement(By.id("field-prompt-error")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("playground-error")).getText()).contains("FILE_NOT_FOUND");
    assertThat(browser.findElement(By.id("playground-price")).isDisplayed()).isFalse();
    assertThat(executionIds(own)).isEmpty();
  }

  @Test
  void everyKindOfFieldRendersAsItsControlAndItsValueReachesTheInput() throws IOException {
    signIn(key);
    openModel("playground-kinds");
    Select style = new Select(visible(By.id("field-style")));
    assertThat(style.getOptions())
        .extracting(WebElement::getText)
        .containsExactly("photo", "sketch", "oil painting");
    assertThat(style.getFirstSelectedOption().getText()).isEqualTo("sketch"); // the default
    WebElement upscale = browser.findElement(By.id("field-upscale"));
    assertThat(upscale.getAttribute("type")).isEqualTo("checkbox");
    assertThat(upscale.isSelected()).isFalse();
    assertThat(browser.findElement(By.id("field-tags")).getTagName()).isEqualTo("textarea");
    assertThat(browser.findElement(By.id("field-tags-hint")).getText()).contains("Labels.", "JSON");
    WebElement caption = browser.findElement(By.id("field-caption"));
    assertThat(caption.getTagName()).isEqualTo("input");
    assertThat(caption.getAttribute("maxlength")).isEqualTo("80");

    browser.findElement(By.id("field-prompt")).sendKeys("kites over the sea");
    style.selectByVisibleText("oil painting");
    browser
        .findElement(By.cssSelector("label[for=field-upscale]"))
        .click(); // the label toggles its box
    browser.findElement(By.id("field-tags")).sendKeys("[\"kite\", ");
    caption.sendKeys("Kites");
    browser.findElement(By.id("playground-submit")).click();
    assertThat(visible(By.id("field-tags-error")).getText()).isEqualTo("tags must be JSON");
    browser.findElement(By.id("field-tags")).sendKeys("\"sky\"]");
    screenshot("playground-field-kinds");
    browser.findElement(By.id("playground-submit")).click();

    String id = shownExecution();
    assertThat(execution(key, id).input())
        .isEqualTo(
            Json.readTree(
                "{\"prompt\":\"kites over the sea\",\"style\":\"oil painting\",\"upscale\":true,"
                    + "\"tags\":[\"kite\",\"sky\"],\"caption\":\"Kites\"}"));
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    centre(browser.findElement(By.id("playground-submit")));
    screenshot("playground-phone");
  }
}
