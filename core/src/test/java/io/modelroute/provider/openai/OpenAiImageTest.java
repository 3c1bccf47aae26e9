package io.modelroute.provider.openai;

import static io.modelroute.provider.openai.OpenAiRequests.bytes;
import static io.modelroute.provider.openai.OpenAiRequests.image;
import static io.modelroute.provider.openai.OpenAiRequests.json;
import static io.modelroute.provider.openai.OpenAiRequests.provider;
import static io.modelroute.provider.openai.OpenAiRequests.request;
import static io.modelroute.provider.openai.OpenAiRequests.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.ErrorCode;
import io.modelroute.catalog.Category;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome.Completed;
import java.math.BigDecimal;
import java.util.Base64;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiImageTest {
  final MockWebServer server = new MockWebServer();
  OpenAiProvider provider;

  @BeforeEach
  void start() throws Exception {
    server.start();
    provider = provider(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String b64Response(byte[] image) {
    return "{\"created\":1718000000,\"data\":[{\"b64_json\":\""
        + Base64.getEncoder().encodeToString(image)
        + "\",\"revised_prompt\":\"A lighthouse at dusk, oil painting\"}]}";
  }

  private Completed run(String model, String input, String params) {
    return (Completed) provider.start(request(Category.IMAGE, model, input, params));
  }

  @Test
  void b64ImageIsDecodedWithFormatAndSizeFromItsPngHeader() throws Exception {
    byte[] png = image("png", 64, 48);
    server.enqueue(json(200, b64Response(png)));

    Completed result =
        run("dall-e-3", "{\"prompt\":\"a lighthouse at dusk\",\"width\":64,\"height\":48}", "{}");

    assertThat(result.media()).hasSize(1);
    OutputMedia media = result.media().get(0);
    assertThat(media.contentType()).isEqualTo("image/png");
    assertThat(media.format()).isEqualTo("png");
    assertThat(media.width()).isEqualTo(64);
    assertThat(media.height()).isEqualTo(48);
    assertThat(media.durationSeconds()).isNull();
    assertThat(bytes(media)).isEqualTo(png);
    assertThat(result.text()).isNull();
    assertThat(result.usage().megapixels()).isEqualByComparingTo(new BigDecimal("0.003072"));

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/images/generations");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + OpenAiRequests.KEY);
    assertThat(tree(sent.getBody().utf8()))
        .isEqualTo(
            tree(
                "{\"model\":\"dall-e-3\",\"prompt\":\"a lighthouse at dusk\",\"n\":1,\"size\":\"64x48\","
                    + "\"response_format\":\"b64_json\"}"));
  }

  @Test
  void imageHeaderWinsOverTheRequestedSize() {
    server.enqueue(json(200, b64Response(image("png", 32, 20))));

    OutputMedia media =
        run("m", "{\"prompt\":\"p\",\"width\":1024,\"height\":1024}", "{}").media().get(0);

    assertThat(media.width()).isEqualTo(32);
    assertThat(media.height()).isEqualTo(20);
  }

  @Test
  void jpegIsRecognisedAndMeasuredFromItsStartOfFrame() {
    byte[] jpeg = image("jpeg", 40, 30);
    server.enqueue(json(200, b64Response(jpeg)));

    Completed result = run("m", "{\"prompt\":\"p\"}", "{}");

    OutputMedia media = result.media().get(0);
    assertThat(media.contentType()).isEqualTo("image/jpeg");
    assertThat(media.format()).isEqualTo("jpeg");
    assertThat(media.width()).isEqualTo(40);
    assertThat(media.height()).isEqualTo(30);
    assertThat(bytes(media)).isEqualTo(jpeg);
    assertThat(result.usage().megapixels()).isEqualByComparingTo(new BigDecimal("0.0012"));
  }

  @Test
  void onlyTheFirstImageIsKeptWhenTheServerSendsMore() {
    byte[] first = image("png", 8, 8);
    String body =
        "{\"data\":[{\"b64_json\":\""
            + Base64.getEncoder().encodeToString(first)
            + "\"},"
            + "{\"b64_json\":\""
            + Base64.getEncoder().encodeToString(image("png", 16, 16))
            + "\"}],"
            + "\"usage\":{\"input_tokens\":10,\"output_tokens\":272,\"total_tokens\":282}}";
    server.enqueue(json(200, body));

    Completed result = run("m", "{\"prompt\":\"p\"}", "{}");

    assertThat(result.media()).hasSize(1);
    assertThat(bytes(result.media().get(0))).isEqualTo(first);
  }

  @Test
  void urlResponseIsStreamedFromTheUrlWithoutOurKeyAndSizedFromTheRequest() throws Exception {
    byte[] png = image("png", 16, 16);
    server.enqueue(
        json(
            200,
            "{\"created\":1718000000,\"data\":[{\"url\":\""
                + server.url("/blob/img-abc.png?se=2025&sig=x")
                + "\"}]}"));
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "image/png")
            .body(new okio.Buffer().write(png))
            .build());

    Completed result = run("dall-e-2", "{\"prompt\":\"p\"}", "{\"size\":\"512x512\"}");

    OutputMedia media = result.media().get(0);
    assertThat(media.contentType()).isEqualTo("image/png");
    assertThat(media.width()).isEqualTo(512);
    assertThat(result.usage().megapixels()).isEqualByComparingTo(new BigDecimal("0.262144"));
    assertThat(server.getRequestCount()).as("downloaded only when opened").isEqualTo(1);
    assertThat(bytes(media)).isEqualTo(png);
    server.takeRequest();
    RecordedRequest download = server.takeRequest();
    assertThat(download.getMethod()).isEqualTo("GET");
    assertThat(download.getUrl().encodedPath()).isEqualTo("/blob/img-abc.png");
    assertThat(download.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void failedDownloadOfAUrlResultIsAnIoErrorWhenOpened() {
    server.enqueue(json(200, "{\"data\":[{\"url\":\"" + server.url("/gone.webp") + "\"}]}"));
    server.enqueue(new MockResponse.Builder().code(403).body("expired").build());

    OutputMedia media = run("m", "{\"prompt\":\"p\"}", "{}").media().get(0);

    assertThat(media.contentType()).isEqualTo("image/webp");
    assertThat(media.width()).isEqualTo(1024);
    assertThatThrownBy(() -> media.source().open()).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void gptImageRouteSendsNoResponseFormatAndMapsItsInputByTemplate() throws Exception {
    server.enqueue(
        json(
            200,
            b64Response(image("png", 24, 24))
                .replace(
                    "{\"created\"",
                    "{\"size\":\"1024x1536\",\"output_format\":\"png\",\"created\"")));
    String params =
        "{\"response_format\":null,\"input\":{\"prompt\":\"$prompt\",\"size\":\"$aspect\","
            + "\"quality\":\"high\",\"background\":\"$background\"}}";

    run("gpt-image-1", "{\"prompt\":\"a fox\",\"aspect\":\"1024x1536\",\"seed\":3}", params);

    assertThat(tree(server.takeRequest().getBody().utf8()))
        .isEqualTo(
            tree(
                "{\"model\":\"gpt-image-1\",\"prompt\":\"a fox\",\"n\":1,\"size\":\"1024x1536\",\"quality\":\"high\"}"));
  }

  @Test
  void withoutATemplateOnlyKnownImageParametersArePassedAndTheDefaultSizeIsAsked()
      throws Exception {
    server.enqueue(json(200, b64Response(image("png", 4, 4))));

    run(
        "m",
        "{\"prompt\":\"p\",\"quality\":\"hd\",\"style\":\"vivid\",\"seed\":1,\"negative_prompt\":\"x\"}",
        "{}");

    JsonNode body = tree(server.takeRequest().getBody().utf8());
    assertThat(body.get("size").asText()).isEqualTo("1024x1024");
    assertThat(body.get("quality").asText()).isEqualTo("hd");
    assertThat(body.get("style").asText()).isEqualTo("vivid");
    assertThat(body.has("seed")).isFalse();
    assertThat(body.has("negative_prompt")).isFalse();
  }

  @Test
  void imageInputWithoutAPromptIsAnInputValidationError() {
    assertThatThrownBy(() -> provider.start(request(Category.IMAGE, "m", "{\"width\":512}", "{}")))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void bytesThatAreNoKnownImageOrAnEmptyDataListAreAGenerationFailure() {
    server.enqueue(
        json(
            200,
            "{\"data\":[{\"b64_json\":\""
                + Base64.getEncoder().encodeToString("hello".getBytes())
                + "\"}]}"));
    server.enqueue(json(200, "{\"created\":1,\"data\":[]}"));
    server.enqueue(json(200, "<html>oops</html>"));

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(
              () -> provider.start(request(Category.IMAGE, "m", "{\"prompt\":\"p\"}", "{}")))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED));
    }
  }

  @Test
  void webpAndGifHeadersAreRecognised() {
    byte[] vp8x = new byte[30];
    System.arraycopy("RIFF".getBytes(), 0, vp8x, 0, 4);
    System.arraycopy("WEBPVP8X".getBytes(), 0, vp8x, 8, 8);
    vp8x[24] = (byte) 0xFF; // width - 1 = 1023 → 0x3FF, little-endian 24-bit
    vp8x[25] = 0x03;
    vp8x[27] = (byte) 0xFF; // height - 1 = 767 → 0x2FF
    vp8x[28] = 0x02;
    byte[] gif = image("gif", 7, 5);

    assertThat(ImageFormat.sniff(vp8x, vp8x.length))
        .isEqualTo(new ImageFormat("image/webp", "webp", 1024, 768));
    assertThat(ImageFormat.sniff(gif, gif.length))
        .isEqualTo(new ImageFormat("image/gif", "gif", 7, 5));
    assertThat(ImageFormat.sniff("not an image".getBytes(), 12)).isNull();
  }
}
