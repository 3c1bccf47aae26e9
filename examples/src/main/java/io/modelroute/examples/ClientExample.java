package io.modelroute.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.Json;
import io.modelroute.api.Execution;
import io.modelroute.api.ExecutionAccepted;
import io.modelroute.api.ExecutionResult;
import io.modelroute.api.ExecutionStatus;
import io.modelroute.api.OutputFile;
import io.modelroute.client.ExecutionListener;
import io.modelroute.client.ExecutionRequest;
import io.modelroute.client.ModelRouteApiException;
import io.modelroute.client.ModelRouteClient;
import io.modelroute.client.WaitTimeoutException;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The Java client against a running server: submits an execution, follows it live — its status and
 * progress on stderr, a text model's text on stdout as it is generated — and prints the result.
 *
 * <p>Run against {@code modelroute serve --dev} (which prints the key):
 *
 * <pre>
 * export MODELROUTE_API_KEY=sk_...
 * java -cp "examples/target/classes:cli/target/modelroute.jar" io.modelroute.examples.ClientExample \
 *     [URL] [API_KEY] [MODEL] [PROMPT]
 * </pre>
 *
 * URL defaults to {@code $MODELROUTE_URL}, else {@code http://localhost:8080}; the key to {@code
 * $MODELROUTE_API_KEY}; the model to {@code text-generation-standard}. Its test runs it against a
 * server started in-process.
 */
public final class ClientExample {
  private ClientExample() {}

  public static void main(String[] args) throws Exception {
    String url = arg(args, 0, env("MODELROUTE_URL", "http://localhost:8080"));
    String key = arg(args, 1, env("MODELROUTE_API_KEY", null));
    if (key == null) {
      throw new IllegalArgumentException(
          "pass the API key as the second argument or set MODELROUTE_API_KEY");
    }
    String model = arg(args, 2, "text-generation-standard");
    String prompt = arg(args, 3, "Write a haiku about queues");
    run(url, key, model, prompt, System.out, System.err);
  }

  /** What {@link #main} does, printing to {@code out} and {@code err}; returns the result. */
  static ExecutionResult run(
      String url, String key, String model, String prompt, PrintStream out, PrintStream err)
      throws InterruptedException {
    // One client per server and key, shared by every thread; close it when done.
    try (ModelRouteClient client = new ModelRouteClient(url, key)) {
      ObjectNode input = Json.mapper().createObjectNode().put("prompt", prompt);

      // 202 in milliseconds: the execution is stored and its cost held. The client generates the
      // Idempotency-Key, so its own retries (and yours, with create(request, key)) never run it
      // twice.
      ExecutionAccepted accepted = client.executions().create(ExecutionRequest.of(model, input));
      err.println(
          "submitted "
              + accepted.id()
              + " ("
              + accepted.model()
              + "), holding "
              + accepted.holdAmount()
              + " USD");

      // Follow it over the event stream (polling if the stream is unavailable) until it ends.
      // For text, client.executions().run(request, timeout, listener) streams from the submission
      // itself.
      StringBuilder streamed = new StringBuilder();
      Execution done =
          client
              .executions()
              .waitFor(
                  accepted.id(),
                  Duration.ofMinutes(2),
                  new ExecutionListener() {
                    @Override
                    public void onStatus(Execution execution) {
                      if (streamed.isEmpty()) { // once text flows, stay out of its way
                        err.println("  " + execution.status());
                      }
                    }

                    @Override
                    public void onProgress(int percent) {
                      err.println("  " + percent + "%");
                    }

                    @Override
                    public void onDelta(String text) {
                      streamed.append(text);
                      out.print(text);
                      out.flush();
                    }
                  });

      if (done.status() != ExecutionStatus.COMPLETED) {
        // FAILED or EXPIRED carry an error {code, message, retryable}; nothing was charged.
        throw new IllegalStateException(
            done.id()
                + " ended "
                + done.status()
                + (done.error() == null
                    ? ""
                    : ": " + done.error().code() + " " + done.error().message()));
      }
      ExecutionResult result = client.executions().result(done.id());
      if (result.text().isPresent()) {
        String text = result.text().get();
        out.println(
            text.startsWith(streamed.toString()) ? text.substring(streamed.length()) : "\n" + text);
      }
      for (OutputFile file : result.files()) {
        out.println(file.kind() + ": " + file.fileId() + " (" + file.format() + ")");
      }
      err.println("done in " + done.latencyMs() + " ms, cost " + result.cost() + " USD");
      return result;
    } catch (WaitTimeoutException e) {
      err.println(e.getMessage()); // the execution keeps running; look at it again later
      throw e;
    } catch (ModelRouteApiException e) {
      // code: INPUT_VALIDATION_ERROR, INSUFFICIENT_BALANCE, UNAUTHORIZED, ...; details name the
      // fields
      err.println(
          "error: "
              + e.code()
              + ": "
              + e.getMessage()
              + e.requestId().map(id -> " (" + id + ")").orElse(""));
      e.details().forEach(d -> err.println("  " + d.field() + ": " + d.code() + " " + d.message()));
      throw e;
    }
  }

  private static String arg(String[] args, int index, String fallback) {
    return args.length > index && !args[index].isBlank() ? args[index] : fallback;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
