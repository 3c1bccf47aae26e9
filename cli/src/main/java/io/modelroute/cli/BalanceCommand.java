package io.modelroute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.client.ModelRouteClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code modelroute balance}: the organization's balance, held amount and available amount. */
@Command(
    name = "balance",
    description = {
      "Show the organization's balance, the amount held by running executions and what is available.",
      "Needs a FULL key."
    })
final class BalanceCommand extends ClientCommand {
  @Option(names = "--json", description = "Print the raw response as JSON.")
  boolean json;

  BalanceCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  int execute(ModelRouteClient client) {
    JsonNode balance = client.getBalance();
    if (json) {
      PrettyJson.print(out(), balance);
      return ExitCodes.OK;
    }
    String currency = balance.path("currency").asText("USD");
    String[][] lines = {
      {"balance", ListCommand.text(balance, "balance")},
      {"held", ListCommand.text(balance, "held")},
      {"available", ListCommand.text(balance, "available")},
    };
    int width = 0;
    for (String[] line : lines) {
      width = Math.max(width, line[1].length());
    }
    for (String[] line : lines) {
      out().printf("%-10s %" + width + "s %s%n", line[0], line[1], currency);
    }
    return ExitCodes.OK;
  }
}
