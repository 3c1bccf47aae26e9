package io.modelroute.examples;

import io.modelroute.Json;
import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteConfig;
import io.modelroute.Money;
import io.modelroute.auth.Principal;
import io.modelroute.execution.CreateExecution;
import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionJson;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * ModelRoute as a library: no HTTP. Creates an organization, submits an image execution on the
 * built-in demo provider, waits for it and saves the PNG.
 *
 * <p>Run: {@code mvn -q -pl examples -am package -DskipTests && java -cp
 * "examples/target/classes:$(…)"} or simply through its test ({@code mvn -pl examples -am test}).
 */
public final class EmbeddedExample {
  private EmbeddedExample() {}

  public static void main(String[] args) throws Exception {
    Path dataDir =
        args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("modelroute-example");
    // docs:begin embedded
    try (ModelRoute mr = ModelRoute.start(ModelRouteConfig.builder().dataDir(dataDir).build())) {
      var org = mr.organizations().create("acme", Money.parse("25.00"));
      Principal caller = mr.apiKeys().authenticate(org.key().secret());

      var input = Json.readObject("{\"prompt\": \"a lighthouse in a storm\", \"width\": 512}");
      String id =
          mr.executions()
              .create(caller, CreateExecution.of("flux-1.1-pro", input), "order-42", null)
              .executionId();

      Execution e = mr.executions().get(caller.orgId(), id); // or mr.executions().addListener(…)
      for (int i = 0; i < 300 && !e.status().isTerminal(); i++) {
        Thread.sleep(100); // the background workers run it; a real app listens or uses webhooks
        e = mr.executions().get(caller.orgId(), id);
      }
      if (e.output() == null) {
        throw new IllegalStateException("execution did not complete: " + ExecutionJson.full(e));
      }
      String fileId = e.output().at("/images/0/file_id").asText();
      Path png = dataDir.resolve("lighthouse.png");
      try (InputStream in = mr.files().open(mr.files().require(caller.orgId(), fileId), 0)) {
        Files.copy(in, png, StandardCopyOption.REPLACE_EXISTING);
      }
      System.out.println(e.status() + ", cost " + e.cost() + ", saved " + png);
      System.out.println("balance " + mr.billing().balance(caller.orgId()));
    }
    // docs:end embedded
  }
}
