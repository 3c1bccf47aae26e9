package io.modelroute.cli;

import io.modelroute.client.ModelRouteClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code modelroute get ID}: prints one execution as JSON. */
@Command(name = "get", description = "Print an execution (status, cost, result, error) as JSON.")
final class GetCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "Execution id (exec_...).")
  String executionId;

  GetCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  int execute(ModelRouteClient client) {
    PrettyJson.print(out(), client.getExecution(executionId));
    return ExitCodes.OK;
  }
}
