package io.modelroute.generated.gson;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.generated.LiveServer;
import io.modelroute.generated.gson.api.ExecutionsApi;
import io.modelroute.generated.gson.model.CreateExecutionRequest;
import io.modelroute.generated.gson.model.Execution;
import io.modelroute.generated.gson.model.ExecutionList;
import io.modelroute.generated.gson.model.ExecutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Listing executions with every filter and cursor paging through the okhttp-gson client. */
class GsonListExecutionsTest {
  static LiveServer live;
  static ExecutionsApi executions;
  static List<String> c17Texts = new ArrayList<>();
  static String otherCustomer;
  static String image;
  static String pending;

  @BeforeAll
  static void start() throws Exception {
    live = LiveServer.start("25.00");
    executions = new ExecutionsApi(GsonClients.client(live, live.key));
    for (int i = 0; i < 5; i++) {
      c17Texts.add(
          create("text-generation-standard", Map.of("customer", "c_17", "n", Integer.toString(i))));
    }
    otherCustomer = create("text-generation-standard", Map.of("customer", "c_99"));
    image = create("flux-1.1-pro", Map.of("customer", "c_17"));
    List<String> all = new ArrayList<>(c17Texts);
    all.add(otherCustomer);
    all.add(image);
    live.driveUntil(
        () -> {
          for (String id : all) {
            if (executions.getExecution(id).getStatus() != ExecutionStatus.COMPLETED) {
              return false;
            }
          }
          return true;
        });
    // created after the others ran: the one PENDING execution
    pending = create("text-generation-standard", Map.of("customer", "c_17"));
  }

  static String create(String model, Map<String, String> metadata) throws ApiException {
    Map<String, Object> input =
        model.startsWith("flux") ? Map.of("prompt", "a red fox") : Map.of("prompt", "queues");
    String id =
        GsonClients.accepted(
                executions,
                new CreateExecutionRequest().model(model).input(input).metadata(metadata),
                null)
            .getId();
    live.engine.clock.advance(
        Duration.ofSeconds(1)); // distinct creation times: a defined newest-first order
    return id;
  }

  @Test
  void statusModelAndMetadataFiltersCombineAndPagesOfTwoFollowTheCursorNewestFirst()
      throws Exception {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      ExecutionList page =
          executions.listExecutions(
              ExecutionStatus.COMPLETED,
              "text-generation-standard",
              null,
              null,
              Map.of("customer", "c_17"),
              2,
              cursor);
      assertThat(page.getData()).hasSizeLessThanOrEqualTo(2);
      page.getData()
          .forEach(
              e -> {
                assertThat(e.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
                assertThat(e.getModel()).isEqualTo("text-generation-standard");
                assertThat(e.getMetadata()).containsEntry("customer", "c_17");
              });
      page.getData().stream().map(Execution::getId).forEach(seen::add);
      if (!page.getHasMore()) {
        assertThat(page.getNextCursor()).isNull();
      }
      cursor = page.getHasMore() ? page.getNextCursor() : null;
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    List<String> newestFirst = new ArrayList<>(c17Texts);
    Collections.reverse(newestFirst);
    assertThat(seen).containsExactlyElementsOf(newestFirst);
  }

  @Test
  void aMetadataFilterWithTwoKeysNeedsBothAndOtherCustomersAreLeftOut() throws Exception {
    assertThat(
            executions
                .listExecutions(
                    null, null, null, null, Map.of("customer", "c_17", "n", "3"), null, null)
                .getData())
        .extracting(Execution::getId)
        .containsExactly(c17Texts.get(3));
    assertThat(
            executions
                .listExecutions(null, null, null, null, Map.of("customer", "c_99"), null, null)
                .getData())
        .extracting(Execution::getId)
        .containsExactly(otherCustomer);
  }

  @Test
  void statusAndModelFiltersAloneAndTheCreatedTimeWindow() throws Exception {
    assertThat(
            executions
                .listExecutions(ExecutionStatus.PENDING, null, null, null, null, null, null)
                .getData())
        .extracting(Execution::getId)
        .containsExactly(pending);
    assertThat(
            executions.listExecutions(null, "flux-1.1-pro", null, null, null, null, null).getData())
        .extracting(Execution::getId)
        .containsExactly(image);
    Execution last = executions.getExecution(pending);
    assertThat(
            executions
                .listExecutions(null, null, null, last.getCreatedAt().toString(), null, 100, null)
                .getData())
        .extracting(Execution::getId)
        .doesNotContain(pending)
        .contains(image, otherCustomer);
    String imageCreated = executions.getExecution(image).getCreatedAt().toString();
    assertThat(executions.listExecutions(null, null, imageCreated, null, null, 100, null).getData())
        .extracting(Execution::getId)
        .contains(pending)
        .doesNotContain(c17Texts.get(0));
  }
}
