package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.modelroute.cli.DocsBlocks.Block;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fenced block of the documentation is labelled and checked: a {@code java} block is the
 * exact text of a region of a compiled source file ({@code <!-- snippet: path#name -->}) or is
 * compiled here inside a template ({@code <!-- compile: name -->}, the templates are in {@code
 * src/test/resources/docs-examples}); {@code json}, {@code yaml}, {@code xml} and {@code
 * properties} blocks parse; {@code sh}/{@code bash} blocks either run in {@link DocsShellIT} or say
 * why not ({@code <!-- not-run: reason -->}).
 */
class DocsExamplesTest {
  /** The languages a block may name; {@code text} for output, trees and pictures in characters. */
  static final Set<String> LANGUAGES =
      Set.of(
          "sh",
          "bash",
          "java",
          "json",
          "yaml",
          "xml",
          "properties",
          "python",
          "mermaid",
          "text",
          "http");

  /** The comment {@link #fill} puts before a block: the block's first line is the next one. */
  private static final String BLOCK_STARTS = "// the docs block starts below; lines moved up: ";

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final ObjectMapper YAML = new YAMLMapper();

  private final Path root = ConfigurationDocsTest.repositoryRoot();

  @Test
  void everyBlockNamesALanguageAndCarriesOnlyTheMarkersItsLanguageTakes() throws IOException {
    List<Block> blocks = DocsBlocks.all();
    List<String> problems = new ArrayList<>();
    for (Block b : blocks) {
      if (!LANGUAGES.contains(b.language())) {
        problems.add(b.where() + ": language '" + b.language() + "' is not one of " + LANGUAGES);
      }
      b.marker()
          .ifPresent(
              m -> {
                boolean fits =
                    switch (m.kind()) {
                      case "snippet", "compile" -> b.language().equals("java");
                      case "not-run" -> b.isShell() || b.language().equals("python");
                      default -> false;
                    };
                if (!fits) {
                  problems.add(b.where() + ": a " + m.kind() + " marker on a " + b.language());
                }
                if (m.value().isBlank()) {
                  problems.add(b.where() + ": the " + m.kind() + " marker says nothing");
                }
              });
      if (b.language().equals("java") && b.marker().isEmpty()) {
        problems.add(
            b.where()
                + ": a java block needs <!-- snippet: path#name --> or <!-- compile: name -->");
      }
      if (b.language().equals("python") && b.marker().isEmpty()) {
        problems.add(b.where() + ": a python block is not checked; say why with <!-- not-run: -->");
      }
    }
    assertThat(blocks).hasSizeGreaterThan(80);
    assertThat(problems).as("unlabelled or mislabelled blocks").isEmpty();
  }

  @Test
  void javaSnippetsAreExactlyTheRegionsOfTheSourcesTheyName() throws IOException {
    List<String> problems = new ArrayList<>();
    int snippets = 0;
    for (Block b : DocsBlocks.all()) {
      if (b.marker().isEmpty() || !b.marker().get().kind().equals("snippet")) {
        continue;
      }
      snippets++;
      String ref = b.marker().get().value();
      int hash = ref.indexOf('#');
      if (hash < 0) {
        problems.add(b.where() + ": snippet '" + ref + "' needs path#name");
        continue;
      }
      Path source = root.resolve(ref.substring(0, hash)).normalize();
      if (!source.startsWith(root.resolve("examples/src/main/java"))
          || !Files.isRegularFile(source)) {
        problems.add(b.where() + ": " + ref + " is not a file under examples/src/main/java");
        continue;
      }
      String region = region(ConfigurationDocsTest.read(source), ref.substring(hash + 1));
      if (region == null) {
        problems.add(
            b.where()
                + ": no '// docs:begin "
                + ref.substring(hash + 1)
                + "' … '// docs:end' region in "
                + source.getFileName());
      } else if (!region.equals(b.body())) {
        problems.add(
            b.where()
                + ": the block differs from "
                + ref
                + "; copy the region into the document:\n"
                + region);
      }
    }
    assertThat(snippets).isGreaterThanOrEqualTo(2);
    assertThat(problems).as("java snippets that drifted from their sources").isEmpty();
  }

  @Test
  void javaBlocksWithoutASourceCompileAgainstTheRealApi(@TempDir Path out) throws IOException {
    Map<String, Block> byClass = new LinkedHashMap<>();
    Map<String, Long> offsets = new LinkedHashMap<>();
    List<JavaFileObject> units = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Block b : DocsBlocks.all()) {
      if (b.marker().isEmpty() || !b.marker().get().kind().equals("compile")) {
        continue;
      }
      String template = template(b.marker().get().value());
      if (template == null) {
        problems.add(b.where() + ": no template docs-examples/" + b.marker().get().value());
        continue;
      }
      String className = "DocsExample" + (byClass.size() + 1);
      byClass.put(className, b);
      String code = fill(template, b.body(), className);
      units.add(source(className, code));
      List<String> lines = code.lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).strip().startsWith(BLOCK_STARTS)) {
          int moved = Integer.parseInt(lines.get(i).strip().substring(BLOCK_STARTS.length()));
          // template line i + 2 is the document's line b.line() + 1 + moved
          offsets.put(className, (long) b.line() + moved - i - 1);
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(units).hasSizeGreaterThanOrEqualTo(8);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter log = new StringWriter();
    List<String> options =
        List.of(
            "-classpath",
            System.getProperty("java.class.path"),
            "-d",
            out.toString(),
            "-proc:none",
            "-Xlint:none");
    boolean ok = javac.getTask(log, null, diagnostics, options, null, units).call();
    Map<String, List<String>> errors = new TreeMap<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        String name = d.getSource() == null ? "?" : className(d.getSource());
        Block b = byClass.get(name);
        long line = d.getLineNumber() + offsets.getOrDefault(name, 0L);
        errors
            .computeIfAbsent(b == null ? name : b.where(), k -> new ArrayList<>())
            .add("line " + line + ": " + d.getMessage(null));
      }
    }
    assertThat(errors).as("java blocks that do not compile " + log).isEmpty();
    assertThat(ok).as(log.toString()).isTrue();
  }

  @Test
  void jsonYamlXmlAndPropertiesBlocksParse() throws Exception {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> parsed = new TreeMap<>();
    for (Block b : DocsBlocks.all()) {
      try {
        switch (b.language()) {
          case "json" -> JSON.readTree(b.body());
          case "yaml" -> assertThat(YAML.readTree(b.body()).isObject()).isTrue();
          case "xml" ->
              DocumentBuilderFactory.newInstance()
                  .newDocumentBuilder()
                  .parse(new ByteArrayInputStream(b.body().getBytes(StandardCharsets.UTF_8)));
          case "properties" -> properties(b.body());
          default -> {
            continue;
          }
        }
        parsed.merge(b.language(), 1, Integer::sum);
      } catch (Exception | AssertionError e) {
        problems.add(b.where() + ": " + e.getMessage());
      }
    }
    assertThat(problems).as("data blocks that do not parse").isEmpty();
    assertThat(parsed).containsKeys("json", "yaml", "xml", "properties");
  }

  @Test
  void theCheckFindsADriftedSnippetAndABrokenRegion() {
    String source =
        "class A {\n  void f() {\n    // docs:begin one\n    int x = 1;\n      x++;\n"
            + "    // docs:end one\n  }\n}\n";
    assertThat(region(source, "one")).isEqualTo("int x = 1;\n  x++;\n");
    assertThat(region(source, "two")).isNull();
    assertThat(
            fill(
                "import a.B;\n/* IMPORTS */\nclass DocsExample {\n  /* BLOCK */\n}\n",
                "import c.D;\nint y;\n",
                "X"))
        .isEqualTo("import a.B;\nimport c.D;\nclass X {\n  " + BLOCK_STARTS + "1\n  int y;\n}\n");
  }

  /**
   * The lines between {@code // docs:begin name} and {@code // docs:end name}, with their common
   * indentation removed; {@code null} when there is no such region.
   */
  static String region(String source, String name) {
    List<String> lines = source.lines().toList();
    int begin = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.equals("// docs:begin " + name)) {
        begin = i + 1;
      } else if (line.equals("// docs:end " + name) && begin >= 0) {
        List<String> region = lines.subList(begin, i);
        int indent =
            region.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        StringBuilder out = new StringBuilder();
        for (String l : region) {
          out.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return out.toString();
      }
    }
    return null;
  }

  /**
   * The template with the block in place of its {@code /* BLOCK *\/} line, the block's leading
   * {@code import} lines in place of {@code /* IMPORTS *\/}, and {@code DocsExample} renamed.
   */
  static String fill(String template, String block, String className) {
    List<String> imports = new ArrayList<>();
    List<String> body = new ArrayList<>(block.lines().toList());
    int moved = 0;
    while (!body.isEmpty() && (body.get(0).startsWith("import ") || body.get(0).isBlank())) {
      moved++;
      String line = body.remove(0);
      if (!line.isBlank()) {
        imports.add(line);
      }
    }
    StringBuilder out = new StringBuilder();
    for (String line : template.lines().toList()) {
      if (line.strip().equals("/* IMPORTS */")) {
        imports.forEach(i -> out.append(i).append('\n'));
      } else if (line.strip().equals("/* BLOCK */")) {
        String indent = line.substring(0, line.indexOf('/'));
        out.append(indent).append(BLOCK_STARTS).append(moved).append('\n');
        body.forEach(l -> out.append(l.isEmpty() ? "" : indent + l).append('\n'));
      } else {
        out.append(line.replace("DocsExample", className)).append('\n');
      }
    }
    return out.toString();
  }

  private static String template(String name) throws IOException {
    try (InputStream in =
        DocsExamplesTest.class.getResourceAsStream("/docs-examples/" + name + ".java.txt")) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JavaFileObject source(String className, String code) {
    return new SimpleJavaFileObject(
        URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    };
  }

  private static String className(JavaFileObject source) {
    String path = source.toUri().getPath();
    return path.substring(path.lastIndexOf('/') + 1, path.length() - ".java".length());
  }

  /** Every line that is not a comment or blank is {@code key=value}. */
  private static void properties(String body) {
    for (String line : body.lines().toList()) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#") && !l.matches("[A-Za-z0-9_.-]+ *= *\\S.*")) {
        throw new IllegalArgumentException("not key=value: " + line);
      }
    }
  }
}
