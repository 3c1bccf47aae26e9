package io.modelroute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.client.ModelRouteClient;
import java.math.BigDecimal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelroute models [SLUG]}: the catalog as a table, or one model as JSON. */
@Command(
    name = "models",
    description =
        "List the models of the catalog, or print one model (input schema, pricing) as JSON.")
final class ModelsCommand extends ClientCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SLUG",
      description = "Show this model only, as JSON.")
  String slug;

  @Option(names = "--json", description = "Print the raw response as JSON.")
  boolean json;

  ModelsCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  int execute(ModelRouteClient client) {
    if (slug != null) {
      PrettyJson.print(out(), client.getModel(slug));
      return ExitCodes.OK;
    }
    JsonNode response = client.listModels();
    if (json) {
      PrettyJson.print(out(), response);
      return ExitCodes.OK;
    }
    JsonNode models = response.isArray() ? response : response.path("data");
    Table table = new Table("SLUG", "CATEGORY", "PRICING");
    for (JsonNode model : models) {
      table.row(
          ListCommand.text(model, "slug"),
          ListCommand.text(model, "category"),
          pricing(model.path("pricing")));
    }
    table.print(out());
    return ExitCodes.OK;
  }

  /**
   * A pricing object as one cell: {@code $0.040 per_run}, {@code $0.0005 in / $0.0015 out
   * per_1k_tokens}; a shape this CLI does not know is shown as compact JSON.
   */
  static String pricing(JsonNode pricing) {
    if (pricing.isMissingNode() || pricing.isNull()) {
      return "-";
    }
    if (pricing.isValueNode()) {
      return pricing.asText();
    }
    String unit = pricing.path("unit").asText(null);
    String price = pricing.path("price").asText(pricing.path("input_price").asText(null));
    if (unit == null || price == null) {
      return PrettyJson.compact(pricing);
    }
    String outputPrice = pricing.path("output_price").asText(null);
    if (outputPrice != null && !isZero(outputPrice)) {
      return "$" + price + " in / $" + outputPrice + " out " + unit;
    }
    return "$" + price + " " + unit;
  }

  private static boolean isZero(String amount) {
    try {
      return new BigDecimal(amount).signum() == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
