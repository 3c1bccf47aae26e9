package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.modelroute.api.ApiKey;
import io.modelroute.api.ApiKeyCreateRequest;
import io.modelroute.api.ApiKeyRevoked;
import io.modelroute.api.ApiKeyRotated;
import io.modelroute.api.AttemptTrailEntry;
import io.modelroute.api.Balance;
import io.modelroute.api.CallbackReceived;
import io.modelroute.api.CircuitState;
import io.modelroute.api.CreditRequest;
import io.modelroute.api.DeliveryStatus;
import io.modelroute.api.ErrorBody;
import io.modelroute.api.ErrorCode;
import io.modelroute.api.ErrorDetail;
import io.modelroute.api.ErrorResponse;
import io.modelroute.api.Execution;
import io.modelroute.api.ExecutionAccepted;
import io.modelroute.api.ExecutionCreateRequest;
import io.modelroute.api.ExecutionError;
import io.modelroute.api.ExecutionMode;
import io.modelroute.api.ExecutionResult;
import io.modelroute.api.ExecutionStatus;
import io.modelroute.api.ExecutionTrail;
import io.modelroute.api.FileAuditEntry;
import io.modelroute.api.FileAuditPage;
import io.modelroute.api.FileConfirmRequest;
import io.modelroute.api.FileInfo;
import io.modelroute.api.FileUploadRequest;
import io.modelroute.api.FileUploadTicket;
import io.modelroute.api.FileUrl;
import io.modelroute.api.LedgerCheck;
import io.modelroute.api.LedgerEntry;
import io.modelroute.api.Model;
import io.modelroute.api.ModelPricing;
import io.modelroute.api.ModelQueueDepth;
import io.modelroute.api.Node;
import io.modelroute.api.Nodes;
import io.modelroute.api.Organization;
import io.modelroute.api.OrganizationCreateRequest;
import io.modelroute.api.OrganizationUpdateRequest;
import io.modelroute.api.Page;
import io.modelroute.api.Permission;
import io.modelroute.api.ProviderCircuit;
import io.modelroute.api.ProviderFailure;
import io.modelroute.api.ProviderHealth;
import io.modelroute.api.ProviderHealthList;
import io.modelroute.api.QueueDepth;
import io.modelroute.api.WebhookDelivery;
import io.modelroute.api.WebhookDeliveryAttempt;
import io.modelroute.api.WebhookEndpoint;
import io.modelroute.api.WebhookEndpointCreateRequest;
import io.modelroute.api.WebhookEndpointList;
import io.modelroute.api.WebhookEndpointUpdateRequest;
import io.modelroute.api.WebhookRecovery;
import io.modelroute.api.WebhookRecoveryRequest;
import io.modelroute.api.WebhookSigningSecret;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document is checked field by field against the wire records the server writes with
 * and the client reads with ({@code modelroute-api}), so the two cannot drift: every property a
 * schema names is one the record has, every property the record always writes is in the schema, and
 * every enum lists exactly the record enum's values. A schema may be a view of a record that leaves
 * out parts the record writes only in some answers ({@code @JsonInclude(NON_NULL)}), e.g. {@code
 * ApiKey} without the secret that only {@code ApiKeyCreated} shows.
 */
class OpenApiRecordsTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** Each object schema of the document and the record that carries it on the wire. */
  static final Map<String, Class<?>> SCHEMAS = new LinkedHashMap<>();

  static {
    SCHEMAS.put("CreateExecutionRequest", ExecutionCreateRequest.class);
    SCHEMAS.put("ExecutionAccepted", ExecutionAccepted.class);
    SCHEMAS.put("Execution", Execution.class);
    SCHEMAS.put("ExecutionError", ExecutionError.class);
    SCHEMAS.put("ExecutionResult", ExecutionResult.class);
    SCHEMAS.put("ExecutionList", Page.class);
    SCHEMAS.put("AdminExecution", ExecutionTrail.class);
    SCHEMAS.put("ProviderAttempt", AttemptTrailEntry.class);
    SCHEMAS.put("Model", Model.class);
    SCHEMAS.put("Pricing", ModelPricing.class);
    SCHEMAS.put("Balance", Balance.class);
    SCHEMAS.put("Transaction", LedgerEntry.class);
    SCHEMAS.put("TransactionList", Page.class);
    SCHEMAS.put("CreateApiKeyRequest", ApiKeyCreateRequest.class);
    SCHEMAS.put("ApiKey", ApiKey.class);
    SCHEMAS.put("ApiKeyCreated", ApiKey.class);
    SCHEMAS.put("ApiKeyRotated", ApiKeyRotated.class);
    SCHEMAS.put("ApiKeyRevoked", ApiKeyRevoked.class);
    SCHEMAS.put("UploadRequest", FileUploadRequest.class);
    SCHEMAS.put("UploadTicket", FileUploadTicket.class);
    SCHEMAS.put("ConfirmFileRequest", FileConfirmRequest.class);
    SCHEMAS.put("File", FileInfo.class);
    SCHEMAS.put("SignedDownloadUrl", FileUrl.class);
    SCHEMAS.put("FileList", Page.class);
    SCHEMAS.put("CreateWebhookEndpointRequest", WebhookEndpointCreateRequest.class);
    SCHEMAS.put("UpdateWebhookEndpointRequest", WebhookEndpointUpdateRequest.class);
    SCHEMAS.put("WebhookEndpoint", WebhookEndpoint.class);
    SCHEMAS.put("WebhookEndpointCreated", WebhookEndpoint.class);
    SCHEMAS.put("WebhookEndpointList", WebhookEndpointList.class);
    SCHEMAS.put("WebhookDelivery", WebhookDelivery.class);
    SCHEMAS.put("WebhookDeliveryDetail", WebhookDelivery.class);
    SCHEMAS.put("DeliveryAttempt", WebhookDeliveryAttempt.class);
    SCHEMAS.put("RecoverWebhookDeliveriesRequest", WebhookRecoveryRequest.class);
    SCHEMAS.put("WebhookRecovery", WebhookRecovery.class);
    SCHEMAS.put("SigningSecret", WebhookSigningSecret.class);
    SCHEMAS.put("CallbackReceipt", CallbackReceived.class);
    SCHEMAS.put("CreateOrganizationRequest", OrganizationCreateRequest.class);
    SCHEMAS.put("UpdateOrganizationRequest", OrganizationUpdateRequest.class);
    SCHEMAS.put("CreditRequest", CreditRequest.class);
    SCHEMAS.put("Organization", Organization.class);
    SCHEMAS.put("OrganizationWithBalance", Organization.class);
    SCHEMAS.put("OrganizationCreated", Organization.class);
    SCHEMAS.put("Node", Node.class);
    SCHEMAS.put("NodeList", Nodes.class);
    SCHEMAS.put("LedgerCheck", LedgerCheck.class);
    SCHEMAS.put("ProviderHealthList", ProviderHealthList.class);
    SCHEMAS.put("ProviderHealth", ProviderHealth.class);
    SCHEMAS.put("ProviderCircuit", ProviderCircuit.class);
    SCHEMAS.put("ProviderFailure", ProviderFailure.class);
    SCHEMAS.put("QueueDepth", QueueDepth.class);
    SCHEMAS.put("ModelQueueDepth", ModelQueueDepth.class);
    SCHEMAS.put("FileAuditEntry", FileAuditEntry.class);
    SCHEMAS.put("FileAuditList", FileAuditPage.class);
    SCHEMAS.put("Error", ErrorResponse.class);
    SCHEMAS.put("ErrorObject", ErrorBody.class);
    SCHEMAS.put("FieldError", ErrorDetail.class);
  }

  /** Each enum schema and the wire enum it lists. */
  static final Map<String, Class<? extends Enum<?>>> ENUMS =
      Map.of(
          "ExecutionStatus", ExecutionStatus.class,
          "ExecutionMode", ExecutionMode.class,
          "Permission", Permission.class,
          "DeliveryStatus", DeliveryStatus.class,
          "CircuitState", CircuitState.class,
          "ErrorCode", ErrorCode.class);

  final JsonNode schemas = OpenApiSpec.get().document().path("components").path("schemas");

  @Test
  void everyObjectSchemaNamesExactlyTheFieldsItsRecordWrites() {
    List<String> drift = new ArrayList<>();
    SCHEMAS.forEach(
        (name, record) -> {
          JsonNode schema = schemas.path(name);
          if (schema.isMissingNode()) {
            drift.add(name + ": no such schema in the document");
            return;
          }
          Set<String> documented = names(schema.path("properties"));
          Set<String> required = new TreeSet<>();
          schema.path("required").forEach(r -> required.add(r.asText()));
          Set<String> all = new TreeSet<>();
          Set<String> always = new TreeSet<>();
          for (BeanPropertyDefinition p : properties(record)) {
            all.add(p.getName());
            JsonInclude.Include inclusion =
                p.findInclusion() == null ? null : p.findInclusion().getValueInclusion();
            if (inclusion == null
                || inclusion == JsonInclude.Include.ALWAYS
                || inclusion == JsonInclude.Include.USE_DEFAULTS) {
              always.add(p.getName());
            }
          }
          Set<String> notInRecord = minus(documented, all);
          Set<String> undocumented = minus(always, documented);
          Set<String> requiredButOptional = minus(required, documented);
          if (!notInRecord.isEmpty()) {
            drift.add(
                name
                    + " documents "
                    + notInRecord
                    + ", which "
                    + record.getSimpleName()
                    + " does not have");
          }
          if (!undocumented.isEmpty()) {
            drift.add(
                name
                    + " leaves out "
                    + undocumented
                    + ", which "
                    + record.getSimpleName()
                    + " always writes");
          }
          if (!requiredButOptional.isEmpty()) {
            drift.add(name + " requires " + requiredButOptional + " but does not describe them");
          }
        });
    assertThat(drift).as("the document against the wire records").isEmpty();
  }

  @Test
  void everyEnumSchemaListsExactlyTheWireEnumsValues() {
    List<String> drift = new ArrayList<>();
    ENUMS.forEach(
        (name, type) -> {
          Set<String> documented = new TreeSet<>();
          schemas.path(name).path("enum").forEach(v -> documented.add(v.asText()));
          Set<String> wire =
              Arrays.stream(type.getEnumConstants())
                  .map(c -> MAPPER.convertValue(c, String.class))
                  .collect(Collectors.toCollection(TreeSet::new));
          if (!documented.equals(wire)) {
            drift.add(name + ": document " + documented + ", " + type.getSimpleName() + " " + wire);
          }
        });
    assertThat(drift).isEmpty();
  }

  @Test
  void everyWireRecordIsDescribedByAtLeastOneSchema() throws Exception {
    Set<String> described =
        SCHEMAS.values().stream().map(Class::getSimpleName).collect(Collectors.toSet());
    // records without a schema of their own: the event-stream payloads and webhook envelopes
    // (described in text on the stream and webhook operations), the generic data list, the file
    // deletion answer and the test-event data
    Set<String> notObjects =
        Set.of(
            "Event",
            "ProgressData",
            "OutputDeltaData",
            "TestEventData",
            "DataList",
            "Deleted",
            "OutputFile",
            "Copies");
    List<String> missing = new ArrayList<>();
    for (String simple : apiClassNames()) {
      Class<?> c = Class.forName("io.modelroute.api." + simple);
      if (c.isRecord() && !described.contains(simple) && !notObjects.contains(simple)) {
        missing.add(simple);
      }
    }
    assertThat(missing).as("records the document does not describe").isEmpty();
  }

  /**
   * The top-level class names of {@code io.modelroute.api}, from its jar or its classes directory.
   */
  private static List<String> apiClassNames() throws Exception {
    java.nio.file.Path location =
        java.nio.file.Path.of(
            Execution.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> entries = new ArrayList<>();
    if (java.nio.file.Files.isDirectory(location)) {
      try (var files = java.nio.file.Files.list(location.resolve("io/modelroute/api"))) {
        files.forEach(f -> entries.add("io/modelroute/api/" + f.getFileName()));
      }
    } else {
      try (var jar = new java.util.jar.JarFile(location.toFile())) {
        jar.stream().forEach(e -> entries.add(e.getName()));
      }
    }
    return entries.stream()
        .filter(
            e ->
                e.matches("io/modelroute/api/[A-Za-z0-9]+\\.class")
                    && !e.endsWith("package-info.class"))
        .map(e -> e.substring("io/modelroute/api/".length(), e.length() - ".class".length()))
        .sorted()
        .toList();
  }

  private static List<BeanPropertyDefinition> properties(Class<?> record) {
    return MAPPER
        .getSerializationConfig()
        .introspect(MAPPER.constructType(record))
        .findProperties();
  }

  private static Set<String> names(JsonNode properties) {
    Set<String> out = new TreeSet<>();
    properties.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }
}
