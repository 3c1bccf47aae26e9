package io.modelroute.provider.demo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes the demo "generated text": a plausible paragraph built from sentence templates filled with
 * words picked by a hash of the prompt, about the prompt's own keywords. One token is one word.
 * Same prompt, seed and limit, same text. Stateless, thread-safe.
 */
final class DemoText {
  static final InputFields.Range MAX_TOKENS = new InputFields.Range(256, 1, 100_000);

  /** Words per streamed chunk. */
  static final int WORDS_PER_CHUNK = 4;

  private static final List<String> TEMPLATES =
      List.of(
          "{K} is a {A} {N} that {V} every {N}.",
          "In the {A} {N}, {K} {V} the {N} {D}.",
          "Many people say that {K} {V} the {A} {N}.",
          "Yet {K} remains {A}, and the {N} {V} {D}.",
          "This is why {K} matters: it {V} the {N} and {V} a {A} {N}.",
          "Every {N} {V} a {A} {N} near the {N}.",
          "Over time, the {A} {N} {V} {K}.",
          "Consider how {K} {V} the {N} when the {N} is {A}.",
          "Some say {K} is {A}; others think it {V} the {N} {D}.",
          "At its heart, {K} is about a {N} that {V} the {A} {N}.");
  private static final List<String> ADJECTIVES =
      words(
          "quiet bright ancient curious gentle vivid patient hidden bold subtle open early familiar"
              + " remarkable simple elegant restless steady unexpected warm");
  private static final List<String> NOUNS =
      words(
          "river idea city garden machine story journey signal pattern harbor engine forest"
              + " question lantern bridge market season window voice map");
  private static final List<String> VERBS =
      words(
          "shapes follows reveals carries echoes guides changes connects holds explains lights"
              + " remembers crosses builds touches invites measures frames outlasts welcomes");
  private static final List<String> ADVERBS =
      List.of(
          "slowly",
          "quietly",
          "again",
          "at dawn",
          "without fuss",
          "in its own way",
          "for a while",
          "gracefully",
          "once more",
          "with care");
  private static final Set<String> STOP_WORDS =
      Set.copyOf(
          words(
              "the and for with that this from into about what when where which write please tell"
                  + " give make some your you are was how why who"));

  private DemoText() {}

  /**
   * The words of the text: whole sentences, 40 to 120 words in all, fewer to stay within {@code
   * maxTokens}; a single sentence is cut short when even it does not fit. Always ends with a full
   * stop.
   */
  static List<String> words(String prompt, long seed, int maxTokens) {
    DemoRandom rnd = DemoRandom.of("text", prompt, Long.toString(seed));
    List<String> keywords = keywords(prompt);
    int target = Math.min(Math.max(1, maxTokens), 40 + rnd.nextInt(81));
    List<String> text = new ArrayList<>();
    while (true) {
      List<String> sentence = List.of(fill(rnd.pick(TEMPLATES), rnd, keywords).split(" "));
      if (text.size() + sentence.size() <= target) {
        text.addAll(sentence);
      } else {
        if (text.isEmpty()) {
          // not even one sentence fits the limit: cut it short
          text.addAll(sentence.subList(0, target));
        }
        break;
      }
    }
    fixArticles(text);
    int last = text.size() - 1;
    text.set(last, text.get(last).replaceAll("[,;:]$", "").replaceAll("(?<![.])$", "."));
    return text;
  }

  /**
   * The words joined into chunks of {@link #WORDS_PER_CHUNK}; the chunks concatenate to the text.
   */
  static List<String> chunks(List<String> words) {
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i < words.size(); i += WORDS_PER_CHUNK) {
      int end = Math.min(words.size(), i + WORDS_PER_CHUNK);
      String chunk = String.join(" ", words.subList(i, end));
      chunks.add(end < words.size() ? chunk + " " : chunk);
    }
    return chunks;
  }

  /** Tokens read: a quarter of the prompt's characters, rounded up, at least one. */
  static long inputTokens(String prompt) {
    long chars = prompt.codePointCount(0, prompt.length());
    return Math.max(1, (chars + 3) / 4);
  }

  private static String fill(String template, DemoRandom rnd, List<String> keywords) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      if (template.charAt(i) == '{') {
        char slot = template.charAt(i + 1);
        out.append(
            switch (slot) {
              case 'K' -> keywords.isEmpty() ? "the " + rnd.pick(NOUNS) : rnd.pick(keywords);
              case 'A' -> rnd.pick(ADJECTIVES);
              case 'N' -> rnd.pick(NOUNS);
              case 'V' -> rnd.pick(VERBS);
              case 'D' -> rnd.pick(ADVERBS);
              default -> throw new IllegalStateException("unknown slot " + slot);
            });
        i += 3;
      } else {
        out.append(template.charAt(i++));
      }
    }
    String sentence = out.toString();
    return Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
  }

  /** The prompt's distinct content words, lower case, in order. */
  static List<String> keywords(String prompt) {
    Set<String> found = new LinkedHashSet<>();
    for (String word : prompt.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.length() >= 3 && !STOP_WORDS.contains(word)) {
        found.add(word);
      }
    }
    return List.copyOf(found);
  }

  private static List<String> words(String spaceSeparated) {
    return List.of(spaceSeparated.split(" "));
  }

  private static void fixArticles(List<String> words) {
    for (int i = 0; i + 1 < words.size(); i++) {
      String word = words.get(i);
      if ((word.equals("a") || word.equals("A"))
          && "aeiou".indexOf(Character.toLowerCase(words.get(i + 1).charAt(0))) >= 0) {
        words.set(i, word + "n");
      }
    }
  }
}
