package io.modelroute.cli;

import io.modelroute.client.ModelRouteClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A subcommand that talks to a ModelRoute server: it owns the {@code --url} and {@code --api-key}
 * options (falling back on {@code MODELROUTE_URL} and {@code MODELROUTE_API_KEY}), opens one {@link
 * ModelRouteClient} for the run (retrying safe requests, waiting on the environment's clock) and
 * closes it afterwards. Subclasses implement {@link #execute}.
 */
abstract class ClientCommand implements Callable<Integer> {
  static final String URL_VARIABLE = "MODELROUTE_URL";
  static final String API_KEY_VARIABLE = "MODELROUTE_API_KEY";
  static final String DEFAULT_URL = "http://localhost:8080";

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "Server base URL. Default: $" + URL_VARIABLE + ", else " + DEFAULT_URL + ".")
  String url;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description =
          "API key (sk_...). Default: $" + API_KEY_VARIABLE + " (preferred: keeps it out of ps).")
  String apiKey;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  final CliEnvironment environment;

  ClientCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public final Integer call() throws Exception {
    validate();
    String key =
        apiKey != null && !apiKey.isBlank()
            ? apiKey.trim()
            : environment
                .variable(API_KEY_VARIABLE)
                .orElseThrow(
                    () -> usageError("no API key: pass --api-key or set " + API_KEY_VARIABLE));
    String baseUrl = url != null ? url : environment.variable(URL_VARIABLE).orElse(DEFAULT_URL);
    ModelRouteClient client;
    try {
      client =
          ModelRouteClient.builder(baseUrl, key)
              .clock(environment.clock())
              .sleeper(environment.sleeper())
              .build();
    } catch (IllegalArgumentException e) {
      throw usageError("invalid server URL: " + e.getMessage());
    }
    try (client) {
      return execute(client);
    }
  }

  /**
   * Checks arguments before any request is made; throws {@link #usageError} when they are wrong.
   */
  void validate() {}

  /** Does the command's work; returns the exit code. */
  abstract int execute(ModelRouteClient client) throws Exception;

  /** A usage error (exit code 2) reported as {@code error: message}. */
  ParameterException usageError(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
