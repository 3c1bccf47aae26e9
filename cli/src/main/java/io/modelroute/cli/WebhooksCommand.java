package io.modelroute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.client.ModelRouteClient;
import io.modelroute.client.WebhookEndpointFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code modelroute webhooks …}: webhook endpoints and their delivery log over the API (FULL key),
 * and {@code listen}, a local receiver for development.
 */
@Command(
    name = "webhooks",
    mixinStandardHelpOptions = true,
    synopsisSubcommandLabel = "COMMAND",
    description = "Manage webhook endpoints, inspect deliveries, receive webhooks locally.",
    subcommands = {
      WebhooksCommand.Create.class,
      WebhooksCommand.ListEndpoints.class,
      WebhooksCommand.Get.class,
      WebhooksCommand.Update.class,
      WebhooksCommand.Delete.class,
      WebhooksCommand.Test.class,
      WebhooksCommand.Deliveries.class,
      WebhooksCommand.Retry.class,
      WebhooksCommand.Recover.class,
      WebhooksCommand.SigningSecret.class,
      WebhookListenCommand.class
    })
final class WebhooksCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  @Command(
      name = "create",
      description = "Register an endpoint; prints its signing secret (shown only once).")
  static final class Create extends ClientCommand {
    @Parameters(
        index = "0",
        paramLabel = "URL",
        description = "https URL that receives the events.")
    String url;

    @Option(names = "--description", paramLabel = "TEXT", description = "A label for people.")
    String description;

    @Option(
        names = {"-e", "--event"},
        paramLabel = "EVENT",
        split = ",",
        description =
            "Event to receive (repeatable or comma-separated): execution.started, execution.completed,"
                + " execution.failed, execution.cancelled. Default: all.")
    List<String> events;

    @Option(
        names = {"-H", "--header"},
        paramLabel = "NAME=VALUE",
        description = "Custom header sent with every delivery (repeatable).")
    Map<String, String> headers;

    @Option(names = "--json", description = "Print the raw response as JSON.")
    boolean json;

    Create(CliEnvironment environment) {
      super(environment);
    }

    @Override
    int execute(ModelRouteClient client) {
      JsonNode created =
          client.createWebhookEndpoint(
              WebhookEndpointFields.none()
                  .withUrl(url)
                  .withDescription(description)
                  .withEvents(events)
                  .withHeaders(headers));
      if (json) {
        PrettyJson.print(out(), created);
        return ExitCodes.OK;
      }
      out().println("id:      " + created.path("id").asText());
      out().println("url:     " + created.path("url").asText());
      out().println("events:  " + events(created));
      out().println("secret:  " + created.path("secret").asText());
      err()
          .println(
              "The secret is shown only this once: store it and verify every delivery with it.");
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "List the organization's endpoints.")
  static final class ListEndpoints extends ClientCommand {
    @Option(names = "--json", description = "Print the raw response as JSON.")
    boolean json;

    ListEndpoints(CliEnvironment environment) {
      super(environment);
    }

    @Override
    int execute(ModelRouteClient client) {
      JsonNode list = client.listWebhookEndpoints();
      if (json) {
        PrettyJson.print(out(), list);
        return ExitCodes.OK;
      }
      JsonNode endpoints = list.path("endpoints");
      if (endpoints.isEmpty()) {
        out().println("no webhook endpoints");
        return ExitCodes.OK;
      }
      Table table = new Table("ID", "ACTIVE", "FAILURES", "EVENTS", "URL");
      for (JsonNode e : endpoints) {
        table.row(
            ListCommand.text(e, "id"),
            e.path("is_active").asBoolean() ? "yes" : "no",
            ListCommand.text(e, "failure_count"),
            events(e),
            ListCommand.text(e, "url"));
      }
      table.print(out());
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", description = "Print an endpoint as JSON (never its secret).")
  static final class Get extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Endpoint id (wh_...).")
    String id;

    Get(CliEnvironment environment) {
      super(environment);
    }

    @Override
    int execute(ModelRouteClient client) {
      PrettyJson.print(out(), client.getWebhookEndpoint(id));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "update",
      description = "Change an endpoint; prints it. Only the options given change.")
  static final class Update extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Endpoint id (wh_...).")
    String id;

    @Option(
        names = "--new-url",
        paramLabel = "URL",
        description = "Deliver to this URL from now on.")
    String newUrl;

    @Option(
        names = "--description",
        paramLabel = "TEXT",
        description = "New label ('' removes it).")
    String description;

    @Option(
        names = {"-e", "--event"},
        paramLabel = "EVENT",
        split = ",",
        description = "Replace the subscription with these events (repeatable or comma-separated).")
    List<String> events;

    @Option(names = "--all-events", description = "Subscribe to every event.")
    boolean allEvents;

    @Option(
        names = {"-H", "--header"},
        paramLabel = "NAME=VALUE",
        description = "Replace the custom headers with these.")
    Map<String, String> headers;

    @Option(names = "--no-headers", description = "Remove every custom header.")
    boolean noHeaders;

    @ArgGroup(exclusive = true)
    Activation activation;

    static final class Activation {
      @Option(
          names = "--enable",
          required = true,
          description = "Re-activate (resets the failure count).")
      boolean enable;

      @Option(names = "--disable", required = true, description = "Switch deliveries off.")
      boolean disable;
    }

    Update(CliEnvironment environment) {
      super(environment);
    }

    @Override
    void validate() {
      if (allEvents && events != null) {
        throw usageError("--all-events and --event exclude each other");
      }
      if (noHeaders && headers != null) {
        throw usageError("--no-headers and --header exclude each other");
      }
    }

    @Override
    int execute(ModelRouteClient client) {
      WebhookEndpointFields fields =
          WebhookEndpointFields.none()
              .withUrl(newUrl)
              .withDescription(description)
              .withEvents(allEvents ? List.of() : events)
              .withHeaders(noHeaders ? Map.of() : headers)
              .withActive(activation == null ? null : activation.enable);
      PrettyJson.print(out(), client.updateWebhookEndpoint(id, fields));
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", description = "Delete an endpoint with its pending deliveries and log.")
  static final class Delete extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Endpoint id (wh_...).")
    String id;

    Delete(CliEnvironment environment) {
      super(environment);
    }

    @Override
    int execute(ModelRouteClient client) {
      client.deleteWebhookEndpoint(id);
      out().println("deleted " + id);
      return ExitCodes.OK;
    }
  }

  @Command(name = "test", description = "Send a signed webhook.test event to an endpoint.")
  static final class Test extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Endpoint id (wh_...).")
    String id;

    Test(CliEnvironment environment) {
      super(environment);
    }

    @Override
    int execute(ModelRouteClient client) {
      JsonNode delivery = client.sendTestWebhook(id);
      out()
          .println(
              "queued "
                  + delivery.path("event_type").asText()
                  + " as delivery "
                  + delivery.path("id").asText());
      err().println("see how it went: modelroute webhooks deliveries " + id);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "deliveries",
      description = "An endpoint's deliveries, newest first (status, attempts, last answer).")
  static final class Deliveries extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Endpoint id (wh_...).")
    String id;

    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "Page size, 1-100 (server default 20).")
    Integer limit;

    @Option(
        names = "--starting-after",
        paramLabel = "DELIVERY",
        description = "Page cursor: deliveries after this one.")
    String startingAfter;

    @Option(names = "--json", description = "Print the raw response as JSON.")
    boolean json;

    Deliveries(CliEnvironment environment) {
      super(environment);
    }

    @Override
    int execute(ModelRouteClient client) {
      JsonNode page = client.listWebhookDeliveries(id, limit, startingAfter);
      if (json) {
        PrettyJson.print(out(), page);
        return ExitCodes.OK;
      }
      JsonNode data = page.path("data");
      if (data.isEmpty()) {
        out().println("no deliveries");
      } else {
        Table table =
            new Table(
                "ID",
                "EVENT",
                "EXECUTION",
                "STATUS",
                "ATTEMPTS",
                "CODE",
                "LATENCY",
                "NEXT ATTEMPT");
        for (JsonNode d : data) {
          table.row(
              ListCommand.text(d, "id"),
              ListCommand.text(d, "event_type"),
              ListCommand.text(d, "execution_id"),
              ListCommand.text(d, "status"),
              ListCommand.text(d, "attempts"),
              ListCommand.text(d, "last_response_code"),
              d.path("last_latency_ms").isNumber()
                  ? d.path("last_latency_ms").asLong() + "ms"
                  : "-",
              ListCommand.text(d, "next_attempt_at"));
        }
        table.print(out());
      }
      if (page.path("has_more").asBoolean(false) && page.path("next_cursor").isTextual()) {
        err()
            .println(
                "more: modelroute webhooks deliveries "
                    + id
                    + " --starting-after "
                    + page.path("next_cursor").asText());
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "retry", description = "Try a delivery again now; prints it.")
  static final class Retry extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Endpoint id (wh_...).")
    String id;

    @Parameters(index = "1", paramLabel = "DELIVERY", description = "Delivery id (dlv_...).")
    String deliveryId;

    Retry(CliEnvironment environment) {
      super(environment);
    }

    @Override
    int execute(ModelRouteClient client) {
      PrettyJson.print(out(), client.retryWebhookDelivery(id, deliveryId));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "recover",
      description =
          "Re-queue the endpoint's failed and expired deliveries of events since a time; prints how many.")
  static final class Recover extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Endpoint id (wh_...).")
    String id;

    @Option(
        names = "--since",
        required = true,
        paramLabel = "TIME",
        description =
            "ISO-8601 time (2026-01-31T12:00:00Z) or a duration back from now (90m, 6h, 2d).")
    String since;

    @Option(names = "--json", description = "Print the raw response as JSON.")
    boolean json;

    Recover(CliEnvironment environment) {
      super(environment);
    }

    @Override
    int execute(ModelRouteClient client) {
      java.time.Instant from;
      try {
        from = parseSince(since, java.time.Instant.now());
      } catch (IllegalArgumentException e) {
        err().println("--since: " + e.getMessage());
        return ExitCodes.USAGE;
      }
      JsonNode answer = client.recoverWebhookDeliveries(id, from);
      if (json) {
        PrettyJson.print(out(), answer);
      } else {
        out()
            .println(
                answer.path("recovered").asInt()
                    + " deliveries re-queued (events since "
                    + answer.path("since").asText()
                    + ")");
      }
      return ExitCodes.OK;
    }

    /** An ISO-8601 instant, or {@code <n>m|h|d} back from {@code now}. */
    static java.time.Instant parseSince(String text, java.time.Instant now) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("(\\d{1,6})([mhd])").matcher(text.strip());
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return now.minus(
            switch (m.group(2)) {
              case "m" -> java.time.Duration.ofMinutes(n);
              case "h" -> java.time.Duration.ofHours(n);
              default -> java.time.Duration.ofDays(n);
            });
      }
      try {
        return java.time.OffsetDateTime.parse(text.strip()).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(
            "expected an ISO-8601 time like 2026-01-31T12:00:00Z or 90m, 6h, 2d");
      }
    }
  }

  @Command(
      name = "signing-secret",
      description =
          "Print the organization's default secret, which signs per-execution webhook_url deliveries.")
  static final class SigningSecret extends ClientCommand {
    SigningSecret(CliEnvironment environment) {
      super(environment);
    }

    @Override
    int execute(ModelRouteClient client) {
      out().println(client.getWebhookSigningSecret().path("secret").asText());
      return ExitCodes.OK;
    }
  }

  /** The subscription as a cell: {@code all}, or the events comma-separated. */
  static String events(JsonNode endpoint) {
    List<String> names = new ArrayList<>();
    endpoint.path("events").forEach(e -> names.add(e.asText()));
    return names.isEmpty() ? "all" : String.join(",", names);
  }
}
