package io.modelroute.provider.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.catalog.Category;
import io.modelroute.provider.ProgressListener;
import io.modelroute.provider.ProviderOutcome.Completed;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DemoTextTest {
  private final DemoProvider provider = new DemoProvider();

  /** Collects streamed text chunks. */
  private static final class RecordingListener implements ProgressListener {
    final List<String> deltas = new CopyOnWriteArrayList<>();

    @Override
    public void onDelta(String text) {
      deltas.add(text);
    }
  }

  private Completed run(String input, ProgressListener listener) {
    return (Completed)
        provider.start(DemoRequests.of(Category.TEXT).input(input).listener(listener).build());
  }

  private Completed run(String input) {
    return run(input, ProgressListener.NONE);
  }

  private static int words(String text) {
    return text.split("\\s+").length;
  }

  @Test
  void textStaysWithinMaxTokens() {
    for (int max : new int[] {1, 3, 10, 17, 50}) {
      Completed result =
          run("{\"prompt\":\"tell me about lighthouses\",\"max_tokens\":" + max + "}");

      assertThat(words(result.text())).isLessThanOrEqualTo(max);
      assertThat(result.usage().outputTokens()).isEqualTo(words(result.text()));
    }
  }

  @Test
  void defaultLimitOf256GivesAParagraphOfWholeSentences() {
    Completed result = run("{\"prompt\":\"Write about lighthouse keepers in winter\"}");

    assertThat(words(result.text())).isBetween(25, 120);
    assertThat(result.text()).endsWith(".").matches("[A-Z].*");
    assertThat(result.media()).isEmpty();
  }

  @Test
  void usageCountsPromptCharactersOverFourAndWordsProduced() {
    Completed result = run("{\"prompt\":\"abcdefghi\",\"max_tokens\":12}");

    assertThat(result.usage().inputTokens()).isEqualTo(3);
    assertThat(result.usage().outputTokens()).isEqualTo(words(result.text()));
    assertThat(result.usage().mediaSeconds()).isZero();
    assertThat(result.usage().megapixels()).isZero();
    assertThat(run("{}").usage().inputTokens()).isEqualTo(1);
    assertThat(run("{\"prompt\":\"abcd\"}").usage().inputTokens()).isEqualTo(1);
  }

  @Test
  void deltasArriveInSeveralChunksThatConcatenateToTheText() {
    RecordingListener listener = new RecordingListener();

    Completed result = run("{\"prompt\":\"a story about a cat\"}", listener);

    assertThat(listener.deltas).hasSizeGreaterThan(3);
    assertThat(String.join("", listener.deltas)).isEqualTo(result.text());
  }

  @Test
  void textEchoesThePromptsKeywords() {
    Completed result = run("{\"prompt\":\"lighthouse keepers\"}");

    assertThat(result.text()).containsAnyOf("lighthouse", "keepers");
  }

  @Test
  void samePromptGivesTheSameTextAndDifferentPromptsDiffer() {
    String text = run("{\"prompt\":\"gardens\"}").text();

    assertThat(run("{\"prompt\":\"gardens\"}").text()).isEqualTo(text);
    assertThat(run("{\"prompt\":\"oceans\"}").text()).isNotEqualTo(text);
  }

  @Test
  void chatMessagesServeAsThePromptWhenThereIsNone() {
    Completed result =
        run("{\"messages\":[{\"role\":\"user\",\"content\":\"volcanoes erupting\"}]}");

    assertThat(result.text()).containsAnyOf("volcanoes", "erupting");
    assertThat(result.usage().inputTokens()).isEqualTo(5);
  }

  @Test
  void articlesAgreeWithTheNextWord() {
    for (int i = 0; i < 50; i++) {
      String text = run("{\"prompt\":\"topic " + i + "\"}").text();

      assertThat(text)
          .doesNotContainPattern("\\b[Aa] [aeiou]")
          .doesNotContainPattern("\\b[Aa]n [^aeiou ]");
    }
  }
}
