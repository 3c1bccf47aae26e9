package io.modelroute.examples;

import io.modelroute.Json;
import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteConfig;
import io.modelroute.Money;
import io.modelroute.auth.Principal;
import io.modelroute.execution.CreateExecution;
import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

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
    try (ModelRoute mr = ModelRoute.start(ModelRouteConfig.builder().dataDir(dataDir).build())) {
      var org = mr.organizations().create("example-" + System.nanoTime(), Money.parse("5.00"));
      Principal caller = mr.apiKeys().authenticate(org.key().secret());

      var input =
          Json.readObject(
              "{\"prompt\": \"a lighthouse in a storm\", \"width\": 512, \"height\": 384}");
      String id =
          mr.executions()
              .create(caller, CreateExecution.of("flux-1.1-pro", input), null, null)
              .executionId();
      System.out.println("submitted " + id);

      Execution e = mr.executions().get(caller.orgId(), id);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (!e.status().isTerminal() && Instant.now().isBefore(deadline)) {
        Thread.sleep(100); // a real app would use webhooks; the background dispatcher does the work
        e = mr.executions().get(caller.orgId(), id);
      }
      System.out.println("status " + e.status() + ", cost " + e.cost());
      if (e.output() == null) {
        throw new IllegalStateException("execution did not complete: " + ExecutionJson.full(e));
      }
      String fileId = e.output().at("/images/0/file_id").asText();
      var file = mr.files().require(caller.orgId(), fileId);
      Path out = dataDir.resolve("lighthouse.png");
      try (var in = mr.files().open(file, 0)) {
        Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      System.out.println("saved " + out + " (" + Files.size(out) + " bytes)");
      System.out.println("balance " + mr.billing().balance(caller.orgId()));
    }
  }
}
