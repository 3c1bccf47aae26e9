package io.modelroute.provider.fal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.catalog.Category;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome.Completed;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FalOutputTest {
  final List<String> downloads = new ArrayList<>();

  Completed map(Category category, String payload, String input) {
    return FalOutput.map(
        category,
        Json.readTree(payload),
        Json.readObject(input),
        url -> {
          downloads.add(url);
          return () -> new ByteArrayInputStream(url.getBytes(StandardCharsets.UTF_8));
        });
  }

  @Test
  void imagesListEveryFileAndSumTheirMegapixels() {
    Completed done =
        map(
            Category.IMAGE,
            "{\"images\":[{\"url\":\"https://v3.fal.media/a.png\",\"width\":1024,"
                + "\"height\":1024,\"content_type\":\"image/png\"},{\"url\":\"https://v3.fal.media/b.jpg\",\"width\":512,"
                + "\"height\":512}],\"seed\":1}",
            "{}");

    assertThat(done.media())
        .extracting(OutputMedia::contentType)
        .containsExactly("image/png", "image/jpeg");
    assertThat(done.media()).extracting(OutputMedia::format).containsExactly("png", "jpeg");
    assertThat(done.usage().megapixels()).isEqualByComparingTo("1.310720");
    assertThat(downloads)
        .containsExactly("https://v3.fal.media/a.png", "https://v3.fal.media/b.jpg");
  }

  @Test
  void anImageWithoutReportedSizeTakesTheInputsSizeAndOtherwiseCountsOneMegapixel() {
    Completed sized =
        map(
            Category.IMAGE,
            "{\"image\":{\"url\":\"https://x/upscaled.webp\"}}",
            "{\"width\":800,\"height\":600}");
    Completed unsized =
        map(
            Category.IMAGE,
            "{\"images\":[{\"url\":\"https://x/1\"},{\"url\":\"https://x/2\"}]}",
            "{}");

    assertThat(sized.media().get(0).width()).isEqualTo(800);
    assertThat(sized.media().get(0).contentType()).isEqualTo("image/webp");
    assertThat(sized.usage().megapixels()).isEqualByComparingTo("0.48");
    assertThat(unsized.media()).extracting(OutputMedia::contentType).containsOnly("image/png");
    assertThat(unsized.usage().megapixels()).isEqualByComparingTo("2");
  }

  @Test
  void aSyncModeDataUrlIsDecodedInsteadOfDownloaded() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
    String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);

    Completed done =
        map(
            Category.IMAGE,
            "{\"images\":[{\"url\":\"" + dataUrl + "\",\"width\":2,\"height\":2}]}",
            "{}");

    assertThat(downloads).isEmpty();
    assertThat(done.media().get(0).contentType()).isEqualTo("image/png");
    assertThat(FalFixtures.read(done.media().get(0))).isEqualTo(png);
  }

  @Test
  void aPercentEncodedDataUrlIsDecodedToo() {
    Completed done =
        map(Category.IMAGE, "{\"images\":[{\"url\":\"data:image/svg+xml,%3Csvg%2F%3E\"}]}", "{}");

    assertThat(done.media().get(0).contentType()).isEqualTo("image/svg+xml");
    assertThat(done.media().get(0).format()).isEqualTo("svg");
    assertThat(new String(FalFixtures.read(done.media().get(0)), StandardCharsets.UTF_8))
        .isEqualTo("<svg/>");
  }

  @Test
  void aVideoTakesItsDurationFromTheInputWhenFalDoesNotReportOne() {
    Completed done =
        map(
            Category.VIDEO,
            "{\"video\":{\"url\":\"https://v3.fal.media/files/clip.mp4\","
                + "\"content_type\":\"video/mp4\",\"file_name\":\"clip.mp4\",\"file_size\":123}}",
            "{\"prompt\":\"waves\",\"duration\":5}");

    OutputMedia video = done.media().get(0);
    assertThat(video.contentType()).isEqualTo("video/mp4");
    assertThat(video.format()).isEqualTo("mp4");
    assertThat(video.durationSeconds()).isEqualByComparingTo("5");
    assertThat(done.usage().mediaSeconds()).isEqualByComparingTo("5");
    assertThat(done.usage().megapixels()).isZero();
  }

  @Test
  void aDurationFalReportsWinsOverTheInputs() {
    Completed onFile =
        map(
            Category.VIDEO,
            "{\"video\":{\"url\":\"https://x/v.webm\",\"duration\":6.04}}",
            "{\"duration\":5}");
    Completed onPayload =
        map(
            Category.AUDIO,
            "{\"audio_file\":{\"url\":\"https://x/song.wav\"},\"duration\":47.5}",
            "{}");
    Completed asText =
        map(Category.VIDEO, "{\"video\":{\"url\":\"https://x/v.mp4\"}}", "{\"duration\":\"10s\"}");
    Completed unknown = map(Category.VIDEO, "{\"videos\":[{\"url\":\"https://x/v.mov\"}]}", "{}");

    assertThat(onFile.usage().mediaSeconds()).isEqualByComparingTo("6.04");
    assertThat(onFile.media().get(0).contentType()).isEqualTo("video/webm");
    assertThat(onPayload.media().get(0).contentType()).isEqualTo("audio/wav");
    assertThat(onPayload.media().get(0).durationSeconds()).isEqualByComparingTo("47.5");
    assertThat(onPayload.media().get(0).width()).isNull();
    assertThat(asText.usage().mediaSeconds()).isEqualByComparingTo("10");
    assertThat(unknown.media().get(0).format()).isEqualTo("mov");
    assertThat(unknown.media().get(0).durationSeconds()).isNull();
    assertThat(unknown.usage().mediaSeconds())
        .as("the catalog's one-second rule")
        .isEqualByComparingTo("1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"audio\":{\"url\":\"https://x/a.mp3\",\"content_type\":\"audio/mpeg\"}} | audio/mpeg | mp3",
        "{\"audio_url\":{\"url\":\"https://x/a.flac\"}} | audio/flac | flac",
        "{\"audio\":\"https://x/speech.ogg\"} | audio/ogg | ogg",
        "{\"audio\":{\"url\":\"https://x/a\",\"content_type\":\"audio/x-wav\"}} | audio/x-wav | wav",
        "{\"audio\":{\"url\":\"https://x/a\"}} | audio/mpeg | mp3",
        "{\"speech\":{\"url\":\"https://x/tts.m4a?sig=1\"}} | audio/mp4 | m4a"
      })
  void audioIsFoundUnderItsUsualKeysOrByItsType(String payload, String contentType, String format) {
    Completed done = map(Category.AUDIO, payload, "{}");

    assertThat(done.media()).hasSize(1);
    assertThat(done.media().get(0).contentType()).isEqualTo(contentType);
    assertThat(done.media().get(0).format()).isEqualTo(format);
  }

  @Test
  void filesUnderOtherKeysCountOnlyWhenTheyHaveTheCategorysType() {
    Completed done =
        map(
            Category.VIDEO,
            "{\"thumbnail\":{\"url\":\"https://x/t.png\"},"
                + "\"result\":{\"url\":\"https://x/out.mp4\"}}",
            "{}");

    assertThat(done.media())
        .singleElement()
        .extracting(OutputMedia::contentType)
        .isEqualTo("video/mp4");
    assertThat(downloads).containsExactly("https://x/out.mp4");
  }

  @Test
  void textIsTheOutputStringWithReportedTokens() {
    Completed done =
        map(
            Category.TEXT,
            "{\"output\":\"Hello there\",\"partial\":false,"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}}",
            "{\"prompt\":\"hi\"}");

    assertThat(done.text()).isEqualTo("Hello there");
    assertThat(done.media()).isEmpty();
    assertThat(done.usage().inputTokens()).isEqualTo(12);
    assertThat(done.usage().outputTokens()).isEqualTo(3);
  }

  @Test
  void textWithoutReportedTokensIsCountedByTheCatalogsCharacterRule() {
    Completed transcript =
        map(
            Category.TEXT,
            "{\"text\":\"twelve chars\",\"chunks\":[]}",
            "{\"audio_url\":\"https://s/x\"}");
    Completed chat =
        map(
            Category.TEXT,
            "{\"choices\":[{\"message\":{\"content\":\"abcde\"}}]}",
            "{\"prompt\":\"abcdefgh\"}");

    assertThat(transcript.text()).isEqualTo("twelve chars");
    assertThat(transcript.usage().outputTokens()).isEqualTo(3);
    assertThat(transcript.usage().inputTokens()).isEqualTo(3);
    assertThat(chat.text()).isEqualTo("abcde");
    assertThat(chat.usage().inputTokens()).isEqualTo(2);
    assertThat(chat.usage().outputTokens()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "IMAGE | {\"images\":[]}",
        "IMAGE | {\"images\":[{\"url\":\"ftp://x/a.png\"}]}",
        "VIDEO | {\"image\":{\"url\":\"https://x/a.png\"}}",
        "TEXT | {\"images\":[]}",
        "AUDIO | []"
      })
  void aResultWithoutOutputOfTheModelsCategoryIsAGenerationFailure(
      Category category, String payload) {
    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> map(category, payload, "{}"));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(downloads).isEmpty();
  }
}
