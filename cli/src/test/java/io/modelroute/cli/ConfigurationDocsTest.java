package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/configuration.md cannot drift from the code: its tables list exactly the options of {@code
 * serve} and of the client commands (read from the picocli model), each with the environment
 * variable and default the code gives it, and exactly the environment variables the code reads
 * without a flag (read from the sources).
 */
class ConfigurationDocsTest {
  private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
  private static final Pattern ENV_DEFAULT =
      Pattern.compile("^\\$\\{env:([A-Z][A-Z0-9_]*)(?::-(.*))?}$");
  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*(?:<[A-Z]+>[A-Z0-9_]*)?");

  /** How the code names environment variables it reads itself. */
  private static final List<Pattern> CODE_VARIABLES =
      List.of(
          Pattern.compile("\\$\\{env:([A-Z][A-Z0-9_]*)"),
          Pattern.compile("_VARIABLE = \"([A-Z][A-Z0-9_]*)\""),
          Pattern.compile("variable\\(\"([A-Z][A-Z0-9_]*)\"\\)"),
          Pattern.compile("getenv\\(\"([A-Z][A-Z0-9_]*)\"\\)"),
          Pattern.compile("env(?:\\.get\\(|, )\"([A-Z][A-Z0-9_]*)\""));

  private final Path root = repositoryRoot();
  private final String doc = read(root.resolve("docs/configuration.md"));

  /** The real command tree, with {@code ${env:…}} defaults left as written. */
  private final CommandLine commandLine =
      Main.commandLine(CliEnvironment.system()).setInterpolateVariables(false);

  @Test
  void everyServeOptionIsInTheTableWithItsEnvironmentVariableAndDefault() {
    Map<String, Row> table = rows("serve-options");
    Map<String, OptionSpec> code = options(commandLine.getSubcommands().get("serve"));

    assertThat(table.keySet())
        .as("flags in docs/configuration.md vs ServeCommand and DatabaseOptions")
        .containsExactlyInAnyOrderElementsOf(code.keySet());
    code.forEach(
        (flag, option) -> {
          Row row = table.get(flag);
          Matcher env = ENV_DEFAULT.matcher(String.valueOf(option.defaultValue()));
          Set<String> variables = env.matches() ? Set.of(env.group(1)) : Set.of();
          assertThat(row.variables()).as("environment variable of %s", flag).isEqualTo(variables);
          String literal = env.matches() ? env.group(2) : literalDefault(option);
          if (literal != null) {
            assertThat(backticked(row.defaults())).as("default of %s", flag).contains(literal);
          }
        });
  }

  @Test
  void theClientOptionsAreInTheTableWithTheirEnvironmentVariables() {
    Map<String, Row> table = rows("client-options");
    Map<String, OptionSpec> code = options(commandLine.getSubcommands().get("get"));

    assertThat(table.keySet())
        .as("client flags in docs/configuration.md vs ClientCommand")
        .containsExactlyInAnyOrderElementsOf(code.keySet());
    assertThat(table.get("--url").variables()).containsExactly(ClientCommand.URL_VARIABLE);
    assertThat(backticked(table.get("--url").defaults())).contains(ClientCommand.DEFAULT_URL);
    assertThat(table.get("--api-key").variables()).containsExactly(ClientCommand.API_KEY_VARIABLE);
  }

  @Test
  void theEnvironmentOnlyTableNamesExactlyTheVariablesTheCodeReadsWithoutAFlag()
      throws IOException {
    String sources =
        sources(
            root.resolve("cli/src/main/java"),
            root.resolve("cli/client/src/main/java"),
            root.resolve("core/src/main/java"),
            root.resolve("http/src/main/java"));
    Set<String> read = new TreeSet<>();
    for (Pattern p : CODE_VARIABLES) {
      Matcher m = p.matcher(sources);
      while (m.find()) {
        read.add(m.group(1));
      }
    }
    Set<String> withFlag = new TreeSet<>();
    rows("serve-options").values().forEach(r -> withFlag.addAll(r.variables()));
    rows("client-options").values().forEach(r -> withFlag.addAll(r.variables()));
    read.removeAll(withFlag);
    Set<String> documented = new TreeSet<>();
    rows("environment-only").values().forEach(r -> documented.addAll(r.names()));

    for (String variable : read) {
      boolean prefix = variable.endsWith("_");
      assertThat(documented)
          .as("%s is read by the code but missing from docs/configuration.md", variable)
          .anyMatch(d -> prefix ? d.startsWith(variable + "<") : d.equals(variable));
    }
    for (String variable : documented) {
      int open = variable.indexOf('<');
      if (open < 0) {
        assertThat(read)
            .as("docs/configuration.md names %s, which no code reads", variable)
            .contains(variable);
      } else {
        String suffix = variable.substring(variable.indexOf('>') + 1);
        assertThat(read)
            .as("docs/configuration.md names %s, which no code reads", variable)
            .contains(variable.substring(0, open));
        assertThat(sources)
            .as("docs/configuration.md names %s, which no code reads", variable)
            .contains("\"" + suffix + "\"");
      }
    }
  }

  /** One table row: its first cell's names, the environment cell's names, the default cell. */
  private record Row(List<String> names, Set<String> variables, String defaults) {}

  /** The table after {@code <!-- marker…}, keyed by the first backticked name of each row. */
  private Map<String, Row> rows(String marker) {
    List<String> lines = doc.lines().toList();
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("<!-- " + marker)) {
        at = i;
      }
    }
    assertThat(at).as("marker <!-- %s --> in docs/configuration.md", marker).isNotNegative();
    Map<String, Row> rows = new LinkedHashMap<>();
    for (int i = at + 3; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String line = lines.get(i);
      String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
      assertThat(cells.length).as("cells of %s", line).isGreaterThanOrEqualTo(3);
      List<String> names = backticked(cells[0]);
      assertThat(names)
          .as("names in the first cell of %s", line)
          .isNotEmpty()
          .allMatch(n -> n.startsWith("--") || NAME.matcher(n).matches());
      Set<String> variables = new TreeSet<>(backticked(cells[1]));
      variables.removeIf(v -> !NAME.matcher(v).matches());
      Row previous = rows.put(names.get(0), new Row(names, variables, cells[2]));
      assertThat(previous).as("a second row for %s", names.get(0)).isNull();
    }
    assertThat(rows).as("rows of the table after <!-- %s -->", marker).isNotEmpty();
    return rows;
  }

  private static Map<String, OptionSpec> options(CommandLine command) {
    Map<String, OptionSpec> out = new TreeMap<>();
    for (OptionSpec o : command.getCommandSpec().options()) {
      if (!o.usageHelp() && !o.versionHelp()) {
        out.put(o.longestName(), o);
      }
    }
    return out;
  }

  private static String literalDefault(OptionSpec option) {
    String value = option.defaultValue();
    return value == null || value.contains("${") ? null : value;
  }

  private static List<String> backticked(String cell) {
    List<String> out = new ArrayList<>();
    Matcher m = BACKTICKED.matcher(cell);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String sources(Path... dirs) throws IOException {
    StringBuilder all = new StringBuilder();
    for (Path dir : dirs) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          all.append(read(f)).append('\n');
        }
      }
    }
    return all.toString();
  }

  static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("docs/configuration.md"))
          && Files.isRegularFile(p.resolve("README.md"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
