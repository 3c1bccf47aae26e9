package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md, CONTRIBUTING.md, CHANGELOG.md, bench/README.md and docs/*.md
 * points at a file of the repository, and every {@code #anchor} on a Markdown file at one of its
 * headings (GitHub's heading ids), so a newcomer never follows a dead link.
 */
class DocsLinksTest {
  private static final Pattern LINK =
      Pattern.compile("\\[(?:[^\\]\\[]|\\[[^\\]]*])*]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?) *#*$");

  private final Path root = ConfigurationDocsTest.repositoryRoot();
  private final Map<Path, Set<String>> anchors = new HashMap<>();

  @Test
  void everyRelativeLinkInTheDocumentationPointsAtAFileAndHeadingThatExist() throws IOException {
    List<String> broken = new ArrayList<>();
    List<Path> documents = documents(root);
    int links = 0;
    for (Path doc : documents) {
      for (String target : links(Files.readString(doc))) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
          continue; // http:, https:, mailto: — not ours to check offline
        }
        links++;
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file = path.isEmpty() ? doc : doc.getParent().resolve(path).normalize();
        if (!file.startsWith(root) || !Files.exists(file)) {
          broken.add(root.relativize(doc) + ": " + target + " (no such file)");
        } else if (anchor != null
            && file.toString().endsWith(".md")
            && !anchorsOf(file).contains(anchor)) {
          broken.add(
              root.relativize(doc)
                  + ": "
                  + target
                  + " (no such heading in "
                  + root.relativize(file)
                  + ")");
        }
      }
    }
    assertThat(documents).hasSizeGreaterThan(10);
    assertThat(links).isGreaterThan(100);
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void headingIdsAreTheOnesGitHubGives() {
    assertThat(slug("`modelroute run --wait`")).isEqualTo("modelroute-run---wait");
    assertThat(slug("Our database is unavailable → `503`, retryable, in about 2 s"))
        .isEqualTo("our-database-is-unavailable--503-retryable-in-about-2-s");
    assertThat(slug("Nodes, and the limits they enforce together"))
        .isEqualTo("nodes-and-the-limits-they-enforce-together");
    assertThat(slug("File fields: `x-file`")).isEqualTo("file-fields-x-file");
  }

  /** README.md, CONTRIBUTING.md, CHANGELOG.md, bench/README.md and docs/*.md, in that order. */
  static List<Path> documents(Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String top : List.of("README.md", "CONTRIBUTING.md", "CHANGELOG.md", "bench/README.md")) {
      if (Files.isRegularFile(root.resolve(top))) {
        out.add(root.resolve(top));
      }
    }
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
    }
    return out;
  }

  /** Link targets outside fenced code blocks and inline code. */
  private static List<String> links(String markdown) {
    List<String> out = new ArrayList<>();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher m = LINK.matcher(line.replaceAll("`[^`]*`(?!\\])", "``"));
      while (m.find()) {
        String target = m.group(1);
        if (target.startsWith("<") && target.endsWith(">")) {
          target = target.substring(1, target.length() - 1);
        }
        out.add(target);
      }
    }
    return out;
  }

  private Set<String> anchorsOf(Path file) {
    return anchors.computeIfAbsent(
        file,
        f -> {
          Set<String> ids = new HashSet<>();
          Map<String, Integer> seen = new HashMap<>();
          boolean fenced = false;
          for (String line : ConfigurationDocsTest.read(f).split("\n", -1)) {
            if (line.strip().startsWith("```")) {
              fenced = !fenced;
            }
            Matcher m = HEADING.matcher(line);
            if (!fenced && m.matches()) {
              String id = slug(m.group(1));
              int n = seen.merge(id, 1, Integer::sum);
              ids.add(n == 1 ? id : id + "-" + (n - 1));
            }
          }
          return ids;
        });
  }

  /**
   * GitHub's heading id: lower case, punctuation dropped (but {@code -} and {@code _}), spaces as
   * {@code -}.
   */
  static String slug(String heading) {
    String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
    return text.replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
  }
}
