package io.modelroute.cli;

import io.modelroute.api.ErrorDetail;
import io.modelroute.client.ModelRouteApiException;
import io.modelroute.client.WaitTimeoutException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns whatever a command throws into {@code error: …} lines on stderr and an exit code: the one
 * place commands' failures are reported. Commands throw; they never print errors themselves, except
 * {@code run --wait} reporting how an execution ended. A {@code run --wait} that ran out of time
 * throws {@link WaitTimeoutException}, reported here too.
 */
final class ErrorPrinter
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
  private final CliEnvironment environment;

  ErrorPrinter(CliEnvironment environment) {
    this.environment = environment;
  }

  /** Prints {@code error: CODE: message (request req_…)} and one line per field detail. */
  static void print(PrintWriter err, ModelRouteApiException e) {
    String request = e.requestId().map(id -> " (request " + id + ")").orElse("");
    err.println("error: " + e.code() + ": " + e.getMessage() + request);
    for (ErrorDetail detail : e.details()) {
      err.println("  " + detail.field() + ": " + detail.code() + " " + detail.message());
    }
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    if (ex instanceof ModelRouteApiException apiError) {
      print(err, apiError);
      return ExitCodes.of(apiError);
    }
    if (ex instanceof WaitTimeoutException timeout) {
      String after = "error: gave up after " + timeout.timeout().toSeconds() + "s: ";
      err.println(
          timeout
              .executionId()
              .map(
                  id ->
                      after
                          + id
                          + " is still "
                          + timeout.lastStatus().map(Enum::name).orElse("running")
                          + "; check it later with 'modelroute get "
                          + id
                          + "'")
              .orElse(after + "the server did not answer the submission"));
      return ExitCodes.of(timeout);
    }
    if (ex instanceof io.modelroute.ModelRouteException local) {
      // local commands (serve, admin) fail with the engine's own exception
      ModelRouteApiException same =
          new ModelRouteApiException(
              local.code().httpStatus(),
              local.code().name(),
              local.getMessage(),
              local.retryable(),
              null,
              local.details().stream()
                  .map(d -> new ErrorDetail(d.field(), d.code(), d.message()))
                  .toList(),
              null,
              local);
      print(err, same);
      return ExitCodes.of(same);
    }
    if (ex instanceof UncheckedIOException || ex instanceof IOException) {
      err.println("error: " + ex.getMessage());
    } else {
      err.println("error: internal error: " + ex);
    }
    if (environment.variable("MODELROUTE_DEBUG").isPresent()) {
      ex.printStackTrace(err);
    }
    return ExitCodes.INTERNAL;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + ex.getMessage());
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    return ExitCodes.USAGE;
  }
}
