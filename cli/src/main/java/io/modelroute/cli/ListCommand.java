package io.modelroute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.client.ExecutionQuery;
import io.modelroute.client.ModelRouteClient;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code modelroute list}: one page of executions as a table (or JSON). */
@Command(name = "list", description = "List executions, newest first.")
final class ListCommand extends ClientCommand {
  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description = "Only this status (PENDING, PROCESSING, COMPLETED, FAILED, ...).")
  String status;

  @Option(names = "--model", paramLabel = "MODEL", description = "Only this model slug.")
  String model;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Page size, 1-100 (server default 20).")
  Integer limit;

  @Option(
      names = "--starting-after",
      paramLabel = "ID",
      description = "Page cursor: list executions after this id.")
  String startingAfter;

  @Option(
      names = "--created-after",
      paramLabel = "INSTANT",
      description = "Only executions created after, e.g. 2026-03-20T10:00:00Z.")
  Instant createdAfter;

  @Option(
      names = "--created-before",
      paramLabel = "INSTANT",
      description = "Only executions created before this instant.")
  Instant createdBefore;

  @Option(names = "--json", description = "Print the raw response as JSON.")
  boolean json;

  ListCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  int execute(ModelRouteClient client) {
    ExecutionQuery query =
        ExecutionQuery.all()
            .withStatus(status)
            .withModel(model)
            .withLimit(limit)
            .withStartingAfter(startingAfter)
            .withCreatedAfter(createdAfter)
            .withCreatedBefore(createdBefore);
    JsonNode page = client.listExecutions(query);
    if (json) {
      PrettyJson.print(out(), page);
      return ExitCodes.OK;
    }
    JsonNode data = page.path("data");
    if (data.isEmpty()) {
      out().println("no executions");
    } else {
      Table table = new Table("ID", "STATUS", "MODEL", "COST", "CREATED");
      for (JsonNode execution : data) {
        table.row(
            text(execution, "id"),
            text(execution, "status"),
            text(execution, "model"),
            text(execution, "cost"),
            text(execution, "created_at"));
      }
      table.print(out());
    }
    if (page.path("has_more").asBoolean(false) && page.path("next_cursor").isTextual()) {
      err().println("more: modelroute list --starting-after " + page.path("next_cursor").asText());
    }
    return ExitCodes.OK;
  }

  /** A field as a table cell; absent or null is {@code -}. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "-" : value.asText();
  }
}
