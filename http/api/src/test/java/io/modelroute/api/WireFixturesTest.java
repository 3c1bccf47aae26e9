package io.modelroute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden JSON of every record: each fixture (a body the server answered, captured from a real
 * run) is read into its record and written back, and the two JSON trees must be equal — same
 * fields, same nulls, same number and money formats.
 */
class WireFixturesTest {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();
  private static final TypeFactory TYPES = MAPPER.getTypeFactory();

  /** Fixture file name (without {@code .json}) → the type it is read as. */
  static final Map<String, JavaType> FIXTURES = fixtures();

  private static Map<String, JavaType> fixtures() {
    Map<String, JavaType> f = new LinkedHashMap<>();
    f.put("execution-create-request", type(ExecutionCreateRequest.class));
    f.put("execution-create-request-full", type(ExecutionCreateRequest.class));
    f.put("execution-accepted", type(ExecutionAccepted.class));
    f.put("execution-pending", type(Execution.class));
    f.put("execution-completed-image", type(Execution.class));
    f.put("execution-completed-text", type(Execution.class));
    f.put("execution-failed", type(Execution.class));
    f.put("execution-result-image", type(ExecutionResult.class));
    f.put("execution-result-text", type(ExecutionResult.class));
    f.put("execution-page", page(Execution.class));
    f.put("execution-event", TYPES.constructParametricType(Event.class, Execution.class));
    f.put("test-event", TYPES.constructParametricType(Event.class, TestEventData.class));
    f.put("progress-data", type(ProgressData.class));
    f.put("output-delta-data", type(OutputDeltaData.class));
    f.put("model-list", list(Model.class));
    f.put("model-per-run", type(Model.class));
    f.put("model-tokens", type(Model.class));
    f.put("balance", type(Balance.class));
    f.put("ledger-page", page(LedgerEntry.class));
    f.put("api-key-create-request", type(ApiKeyCreateRequest.class));
    f.put("api-key-created", type(ApiKey.class));
    f.put("api-key-list", list(ApiKey.class));
    f.put("api-key-rotated", type(ApiKeyRotated.class));
    f.put("api-key-revoked", type(ApiKeyRevoked.class));
    f.put("file-upload-request", type(FileUploadRequest.class));
    f.put("file-upload-request-older", type(FileUploadRequest.class));
    f.put("file-upload-ticket", type(FileUploadTicket.class));
    f.put("file-confirm-request", type(FileConfirmRequest.class));
    f.put("file-pending", type(FileInfo.class));
    f.put("file-ready", type(FileInfo.class));
    f.put("file-url", type(FileUrl.class));
    f.put("deleted", type(Deleted.class));
    f.put("webhook-endpoint-create-request", type(WebhookEndpointCreateRequest.class));
    f.put("webhook-endpoint-update-request", type(WebhookEndpointUpdateRequest.class));
    f.put("webhook-endpoint-created", type(WebhookEndpoint.class));
    f.put("webhook-endpoint", type(WebhookEndpoint.class));
    f.put("webhook-endpoint-list", type(WebhookEndpointList.class));
    f.put("webhook-delivery", type(WebhookDelivery.class));
    f.put("webhook-delivery-with-attempts", type(WebhookDelivery.class));
    f.put("webhook-delivery-page", page(WebhookDelivery.class));
    f.put("webhook-recovery-request", type(WebhookRecoveryRequest.class));
    f.put("webhook-recovery", type(WebhookRecovery.class));
    f.put("webhook-signing-secret", type(WebhookSigningSecret.class));
    f.put("organization-create-request", type(OrganizationCreateRequest.class));
    f.put("organization-update-request", type(OrganizationUpdateRequest.class));
    f.put("organization-created", type(Organization.class));
    f.put("organization-with-balance", type(Organization.class));
    f.put("organization-list", list(Organization.class));
    f.put("credit-request", type(CreditRequest.class));
    f.put("nodes", type(Nodes.class));
    f.put("ledger-check", type(LedgerCheck.class));
    f.put("provider-health-list", type(ProviderHealthList.class));
    f.put("queue-depth", type(QueueDepth.class));
    f.put("file-audit-page", type(FileAuditPage.class));
    f.put("execution-trail", type(ExecutionTrail.class));
    f.put("error-validation", type(ErrorResponse.class));
    f.put("error-not-found", type(ErrorResponse.class));
    f.put("callback-received", type(CallbackReceived.class));
    return f;
  }

  static Stream<Arguments> everyFixture() {
    return FIXTURES.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyFixture")
  void fixtureSurvivesReadingAndWritingUnchanged(String name, JavaType type) throws IOException {
    JsonNode golden = fixture(name);
    Object record = MAPPER.readValue(MAPPER.treeAsTokens(golden), type);
    assertThat(record).isInstanceOf(type.getRawClass());
    JsonNode written = MAPPER.readTree(MAPPER.writeValueAsString(record));
    assertThat(written).as(name).isEqualTo(golden);
  }

  @Test
  void everyFixtureFileIsInTheTable() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/fixtures"))) {
      assertThat(files.map(p -> p.getFileName().toString().replace(".json", "")))
          .allMatch(FIXTURES::containsKey);
    }
  }

  @Test
  void unknownFieldsAreIgnoredSoANewerServerDoesNotBreakOldClients() throws IOException {
    JsonNode golden = fixture("execution-completed-image");
    ((com.fasterxml.jackson.databind.node.ObjectNode) golden).put("added_in_a_later_version", 1);
    Execution e = MAPPER.treeToValue(golden, Execution.class);
    assertThat(e.status()).isEqualTo(ExecutionStatus.COMPLETED);
  }

  @Test
  void moneyKeepsItsDecimalsAsAString() throws IOException {
    ExecutionAccepted a =
        MAPPER.readValue(
            "{\"id\":\"exec_1\",\"status\":\"PENDING\",\"model\":\"m\",\"hold_amount\":\"0.048\",\"estimated_cost\":\"0.040\"}",
            ExecutionAccepted.class);
    assertThat(a.estimatedCost()).isEqualTo(new BigDecimal("0.040"));
    assertThat(MAPPER.readTree(MAPPER.writeValueAsString(a)).get("estimated_cost").textValue())
        .isEqualTo("0.040");
  }

  @Test
  void theExecutionObjectAlwaysSaysWhatItIs() throws IOException {
    Execution e = MAPPER.treeToValue(fixture("execution-pending"), Execution.class);
    assertThat(MAPPER.valueToTree(e).get("object").asText()).isEqualTo("execution");
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in =
        WireFixturesTest.class.getResourceAsStream("/fixtures/" + name + ".json")) {
      assertThat(in).as("fixtures/" + name + ".json").isNotNull();
      return MAPPER.readTree(in);
    }
  }

  private static JavaType type(Class<?> c) {
    return TYPES.constructType(c);
  }

  private static JavaType page(Class<?> c) {
    return TYPES.constructParametricType(Page.class, c);
  }

  private static JavaType list(Class<?> c) {
    return TYPES.constructParametricType(DataList.class, c);
  }
}
