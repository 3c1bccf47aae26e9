package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
  final Cli cli = new Cli();

  @Test
  void helpListsEverySubcommandTheEnvironmentAndTheExitCodes() {
    Cli.Result result = cli.run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("Usage: modelroute")
        .contains("run", "get", "list", "cancel", "download", "models", "balance")
        .contains("MODELROUTE_URL", "MODELROUTE_API_KEY")
        .contains("Exit codes:")
        .contains("7   run --wait: the execution ended FAILED, EXPIRED or CANCELLED");
  }

  @Test
  void everyRegisteredClassIsASubcommand() {
    assertThat(Main.commandLine(environment()).getSubcommands()).hasSize(Main.SUBCOMMANDS.size());
  }

  @Test
  void clientCommandHelpShowsItsOptionsAndTheExitCodes() {
    Cli.Result result = cli.run("run", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("Usage: modelroute run")
        .contains("--wait", "-o, --output=FILE", "--timeout=SECONDS", "--url=URL", "--api-key=KEY")
        .contains("(default:", "600)")
        .contains("Exit codes:");
  }

  @Test
  void versionIsPrinted() {
    Cli.Result result = cli.run("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).matches("modelroute \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
  }

  @Test
  void noSubcommandShowsTheUsageAndExitsTwo() {
    Cli.Result result = cli.run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Usage: modelroute");
  }

  @Test
  void unknownOptionIsAUsageErrorWithAHint() {
    Cli.Result result = cli.run("list", "--colour");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("error: Unknown option: '--colour'")
        .contains("Try 'modelroute list --help' for more information.");
  }

  @Test
  void missingModelIsAUsageError() {
    Cli.Result result = cli.run("run");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("error: Missing required parameter: 'MODEL'");
  }

  @Test
  void aLeaseOutsideItsRangeIsAUsageErrorBeforeAnythingStarts(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    Cli.Result result = cli.run("serve", "--lease", "1", "--data-dir", dir.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--lease must be between 3 and 3600 seconds");
  }

  @Test
  void aBulkheadWithoutALimitIsAUsageErrorBeforeAnythingStarts(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    Cli.Result result =
        cli.run("serve", "--max-concurrent", "openai", "--data-dir", dir.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains(
            "--max-concurrent takes PROVIDER=N with N at least 1, e.g. openai=8; got 'openai'");
  }

  private CliEnvironment environment() {
    return new CliEnvironment(cli.env, cli.time.clock, cli.time, false);
  }
}
