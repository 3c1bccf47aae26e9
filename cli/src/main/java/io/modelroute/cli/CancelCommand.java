package io.modelroute.cli;

import io.modelroute.client.ModelRouteClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code modelroute cancel ID}: cancels an execution and prints it. */
@Command(
    name = "cancel",
    description = {
      "Cancel a PENDING, PROCESSING or AWAITING_WEBHOOK execution; its hold is released.",
      "Prints the execution as JSON. A finished execution cannot be cancelled (CONFLICT)."
    })
final class CancelCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "Execution id (exec_...).")
  String executionId;

  CancelCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  int execute(ModelRouteClient client) {
    PrettyJson.print(out(), client.cancelExecution(executionId));
    return ExitCodes.OK;
  }
}
