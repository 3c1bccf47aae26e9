package io.modelroute.cli;

import io.modelroute.client.ModelRouteClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code modelroute} command. {@link #main} is the only place the process exits; everything
 * else runs through {@link #run(PrintWriter, PrintWriter, String...)}, which tests call directly.
 */
@Command(
    name = "modelroute",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = "Submit AI model executions to a ModelRoute server and follow them.",
    footer = {
      "",
      "Environment:",
      "  MODELROUTE_URL      server base URL (default http://localhost:8080)",
      "  MODELROUTE_API_KEY  API key (sk_...) used by the client commands",
      "",
      "Example:",
      "  modelroute run flux-1.1-pro -i prompt='a lighthouse at dusk' -i width=1024 \\",
      "      --wait -o out.png"
    })
public final class Main implements Callable<Integer> {
  /**
   * Every subcommand, in the order help lists them. A new subcommand is one more class here; a
   * class with a {@code (CliEnvironment)} constructor receives the run's environment.
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          RunCommand.class,
          GetCommand.class,
          ListCommand.class,
          CancelCommand.class,
          DownloadCommand.class,
          FilesCommand.class,
          ModelsCommand.class,
          BalanceCommand.class,
          WebhooksCommand.class,
          ServeCommand.class,
          AdminCommand.class);

  /** {@code --version}: the build's version, which is not a compile-time constant. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"modelroute " + ModelRouteClient.VERSION};
    }
  }

  @Spec CommandSpec spec;

  /** Runs the command line and exits with its exit code. */
  public static void main(String... args) {
    quietLibraryLogs(args);
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(out, err, args));
  }

  /**
   * Every command but {@code serve} prints only its own answer: the libraries' INFO lines (pool,
   * migrations, the local database server) are for server logs. Must run before the first logger
   * exists; an explicit {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} wins.
   */
  static void quietLibraryLogs(String... args) {
    boolean serve = args.length > 0 && "serve".equals(args[0]);
    if (!serve && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }

  /**
   * Runs {@code modelroute args} against the real environment, writing to {@code out} and {@code
   * err} (both flushed before returning).
   *
   * @return the exit code (see {@code modelroute --help})
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(CliEnvironment.system(), out, err, args);
  }

  static int run(CliEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = commandLine(environment);
    commandLine.setOut(out);
    commandLine.setErr(err);
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The configured command tree: subcommands, error handling, exit-code help. */
  static CommandLine commandLine(CliEnvironment environment) {
    CommandLine commandLine = new CommandLine(new Main(), new CliFactory(environment));
    for (Class<?> subcommand : SUBCOMMANDS) {
      commandLine.addSubcommand(subcommand);
    }
    ErrorPrinter errors = new ErrorPrinter(environment);
    commandLine.setExecutionExceptionHandler(errors);
    commandLine.setParameterExceptionHandler(errors);
    ExitCodes.document(commandLine.getCommandSpec().usageMessage());
    commandLine.getSubcommands().values().forEach(Main::documentExitCodes);
    return commandLine;
  }

  /**
   * Lists the exit codes in the help of every client command, nested ones ({@code files upload})
   * too.
   */
  private static void documentExitCodes(CommandLine command) {
    if (command.getCommand() instanceof ClientCommand) {
      ExitCodes.document(command.getCommandSpec().usageMessage());
    }
    command.getSubcommands().values().forEach(Main::documentExitCodes);
  }

  /** {@code modelroute} without a subcommand: show the usage and fail. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
