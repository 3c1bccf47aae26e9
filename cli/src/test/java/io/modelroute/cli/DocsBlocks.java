package io.modelroute.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of the documentation (README.md, CONTRIBUTING.md, bench/README.md,
 * docs/*.md), each with its language and the marker comment on the line before it: {@code <!--
 * snippet: path#name -->}, {@code <!-- compile: template -->} or {@code <!-- not-run: reason -->},
 * and what an {@code <!-- expect: a | b -->} comment one or two lines above it asks the output to
 * contain. Read by {@link DocsExamplesTest} and {@link DocsShellIT}.
 */
final class DocsBlocks {
  private static final Pattern FENCE = Pattern.compile("^```([A-Za-z0-9_+-]*)\\s*$");
  private static final Pattern MARKER =
      Pattern.compile("^<!-- (snippet|compile|not-run): *(.*?) *-->$");
  private static final String EXPECT = "<!-- expect: ";

  private DocsBlocks() {}

  /** A marker comment: its kind ({@code snippet}, {@code compile}, {@code not-run}) and value. */
  record Marker(String kind, String value) {}

  /**
   * One fenced block: where it starts (1-based line of the opening fence), language, marker, what
   * its output must contain, body.
   */
  record Block(
      Path doc,
      int line,
      String language,
      Optional<Marker> marker,
      List<String> expect,
      String body) {
    String where() {
      return ConfigurationDocsTest.repositoryRoot().relativize(doc) + ":" + line;
    }

    boolean isShell() {
      return language.equals("sh") || language.equals("bash");
    }

    boolean runs() {
      return isShell() && marker.map(m -> !m.kind().equals("not-run")).orElse(true);
    }
  }

  /** The documents whose blocks are checked, in a fixed order. */
  static List<Path> documents() throws IOException {
    Path root = ConfigurationDocsTest.repositoryRoot();
    return DocsLinksTest.documents(root).stream()
        .filter(p -> !p.getFileName().toString().equals("CHANGELOG.md"))
        .toList();
  }

  /** Every block of every document. */
  static List<Block> all() throws IOException {
    List<Block> out = new ArrayList<>();
    for (Path doc : documents()) {
      out.addAll(of(doc));
    }
    return out;
  }

  /** The blocks of one document, in order. */
  static List<Block> of(Path doc) {
    List<String> lines = ConfigurationDocsTest.read(doc).lines().toList();
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        if (lines.get(i).strip().startsWith("```")) {
          throw new IllegalStateException(
              doc + ":" + (i + 1) + ": a fence must start the line and name one language");
        }
        continue;
      }
      int start = i;
      StringBuilder body = new StringBuilder();
      for (i++; i < lines.size() && !lines.get(i).equals("```"); i++) {
        body.append(lines.get(i)).append('\n');
      }
      if (i == lines.size()) {
        throw new IllegalStateException(doc + ":" + (start + 1) + ": the block is never closed");
      }
      Optional<Marker> marker = Optional.empty();
      if (start > 0) {
        Matcher m = MARKER.matcher(lines.get(start - 1));
        if (m.matches()) {
          marker = Optional.of(new Marker(m.group(1), m.group(2)));
        }
      }
      out.add(
          new Block(doc, start + 1, open.group(1), marker, expect(lines, start), body.toString()));
    }
    return out;
  }

  /** The strings of an {@code <!-- expect: a | b -->} line one or two lines above the fence. */
  private static List<String> expect(List<String> lines, int fence) {
    for (int i = fence - 1; i >= 0 && i >= fence - 2; i--) {
      String line = lines.get(i);
      if (line.startsWith(EXPECT) && line.endsWith(" -->")) {
        return Arrays.stream(line.substring(EXPECT.length(), line.length() - 4).split(" \\| "))
            .map(String::strip)
            .toList();
      }
    }
    return List.of();
  }
}
