package io.modelroute.generated.gson;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.generated.LiveServer;
import io.modelroute.generated.gson.api.ExecutionsApi;
import io.modelroute.generated.gson.model.CreateExecution202Response;
import io.modelroute.generated.gson.model.CreateExecutionRequest;
import io.modelroute.generated.gson.model.ErrorObject;
import io.modelroute.generated.gson.model.ExecutionAccepted;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import okhttp3.RequestBody;

/** okhttp-gson {@link ApiClient}s for the shared {@link LiveServer}. */
final class GsonClients {
  private GsonClients() {}

  /**
   * An okhttp-gson client for {@code live} that sends {@code bearer} with the document's bearer
   * scheme.
   */
  static ApiClient client(LiveServer live, String bearer) {
    ApiClient client = new WorkaroundClient();
    client.setBasePath(live.baseUrl);
    client.setReadTimeout(30_000);
    client.setBearerToken(bearer);
    return client;
  }

  /** The generated client with the workarounds for two okhttp-gson generator defects. */
  static final class WorkaroundClient extends ApiClient {
    /**
     * GENERATOR DEFECT (openapi-generator 7.25.0, java okhttp-gson): a {@code style: deepObject}
     * query parameter whose schema is a map (GET /v1/executions {@code metadata}) is sent through
     * {@code freeFormParameterToPairs}, as {@code customer=c_17} instead of {@code
     * metadata[customer]=c_17}: the parameter's name and style are dropped. {@code listExecutions}
     * is the only operation that calls it, so the pairs get the name back here.
     */
    @Override
    public List<Pair> freeFormParameterToPairs(Object value) {
      List<Pair> named = new ArrayList<>();
      super.freeFormParameterToPairs(value)
          .forEach(p -> named.add(new Pair("metadata[" + p.getName() + "]", p.getValue())));
      return named;
    }

    /**
     * GENERATOR DEFECT (openapi-generator 7.25.0, java okhttp-gson): a request body of media type
     * {@code *}{@code /*} (PUT /v1/files/upload/{token}, {@code format: binary}) gets no content
     * type at all (the generated list of request content types is empty), and {@code
     * serialize(file, null)} then fails in OkHttp's {@code MediaType.parse(null)}. The bytes go as
     * {@code application/octet-stream} (the server measures the type itself).
     */
    @Override
    public RequestBody serialize(Object body, String contentType) throws ApiException {
      return super.serialize(
          body,
          contentType == null && body instanceof File ? "application/octet-stream" : contentType);
    }
  }

  /**
   * {@code createExecution} when the answer may be a {@code 202}.
   *
   * <p>GENERATOR DEFECT (openapi-generator 7.25.0, java): an operation has one return type, the
   * first 2xx response's ({@code 200}: {@code Execution}); the document's {@code 202} is {@code
   * anyOf: [Execution, ExecutionAccepted]} and the ASYNC accepted body has no {@code metadata},
   * {@code input}, … which okhttp-gson's strict {@code Execution.validateJsonElement} rejects ("The
   * required field `metadata` is not found"). Jackson (native) fills the missing fields with null
   * and passes. Here the generated call (URL, headers, body) runs with the generated {@code 202}
   * type, {@link CreateExecution202Response}.
   */
  static ApiResponse<CreateExecution202Response> create(
      ExecutionsApi executions,
      CreateExecutionRequest request,
      String idempotencyKey,
      String prefer)
      throws ApiException {
    return executions
        .getApiClient()
        .execute(
            executions.createExecutionCall(request, idempotencyKey, prefer, null, null),
            CreateExecution202Response.class);
  }

  /** The {@code 202} body of an ASYNC create. */
  static ExecutionAccepted accepted(
      ExecutionsApi executions, CreateExecutionRequest request, String idempotencyKey)
      throws ApiException {
    ApiResponse<CreateExecution202Response> answer =
        create(executions, request, idempotencyKey, null);
    assertThat(answer.getStatusCode()).isEqualTo(202);
    return answer.getData().getExecutionAccepted();
  }

  /** The docs/http-api.md error of a failed okhttp-gson call, parsed with the generated model. */
  static ErrorObject error(ApiException e) throws java.io.IOException {
    assertThat(e.getResponseBody()).as("error body of a %d", e.getCode()).isNotBlank();
    return io.modelroute.generated.gson.model.Error.fromJson(e.getResponseBody()).getError();
  }

  /** The first value of a response header (okhttp hands them over with lower-case names). */
  static String header(java.util.Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
