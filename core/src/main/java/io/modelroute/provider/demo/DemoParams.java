package io.modelroute.provider.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.provider.ProviderException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The demo route's params: {@code latency_ms} (default 0), {@code failure_code} (one of the twelve
 * execution codes, by name) and {@code failure_rate} (0–1, default 1 when a code is set).
 * Misconfigured params are the operator's mistake and fail with {@code INTERNAL_ERROR}.
 *
 * @param failureCode the injected failure, or {@code null} for none
 */
record DemoParams(long latencyMs, ErrorCode failureCode, double failureRate) {
  /** The longest latency a route may ask for: one day. */
  static final long MAX_LATENCY_MS = 86_400_000L;

  DemoParams {
    if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
      throw invalid(
          "latency_ms must be an integer from 0 to " + MAX_LATENCY_MS + ", got " + latencyMs);
    }
    if (failureCode != null && !failureCode.isExecutionCode()) {
      throw invalid("failure_code must be one of " + executionCodes() + ", got " + failureCode);
    }
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw invalid("failure_rate must be a number from 0 to 1, got " + failureRate);
    }
  }

  /** Reads and checks a route's params; throws {@code INTERNAL_ERROR} on a bad one. */
  static DemoParams from(ObjectNode params) {
    long latency = 0;
    JsonNode latencyNode = present(params, "latency_ms");
    if (latencyNode != null) {
      if (!isWholeNumber(latencyNode)
          || latencyNode.decimalValue().signum() < 0
          || latencyNode.decimalValue().compareTo(BigDecimal.valueOf(MAX_LATENCY_MS)) > 0) {
        throw invalid(
            "latency_ms must be an integer from 0 to " + MAX_LATENCY_MS + ", got " + latencyNode);
      }
      latency = latencyNode.decimalValue().longValue();
    }
    ErrorCode code = null;
    JsonNode codeNode = present(params, "failure_code");
    if (codeNode != null) {
      code = parseCode(codeNode);
    }
    JsonNode rateNode = present(params, "failure_rate");
    double rate = code == null ? 0 : 1;
    if (rateNode != null) {
      if (code == null) {
        throw invalid("failure_rate is set but failure_code is not");
      }
      if (!rateNode.isNumber()) {
        throw invalid("failure_rate must be a number from 0 to 1, got " + rateNode);
      }
      rate = rateNode.asDouble();
    }
    return new DemoParams(latency, code, rate);
  }

  /**
   * The failure to inject into this execution, if any. The choice is a pure function of the
   * execution id, so every attempt of one execution behaves alike, while over many executions the
   * share that fails approaches {@link #failureRate()}.
   */
  Optional<ErrorCode> failureFor(String executionId) {
    if (failureCode == null) {
      return Optional.empty();
    }
    boolean selected = DemoRandom.unit(DemoRandom.hash("failure", executionId)) < failureRate;
    return selected ? Optional.of(failureCode) : Optional.empty();
  }

  private static ErrorCode parseCode(JsonNode node) {
    if (node.isTextual()) {
      String name = node.asText().trim().toUpperCase(Locale.ROOT);
      for (ErrorCode code : ErrorCode.values()) {
        if (code.isExecutionCode() && code.name().equals(name)) {
          return code;
        }
      }
    }
    throw invalid("failure_code must be one of " + executionCodes() + ", got " + node);
  }

  private static JsonNode present(ObjectNode params, String field) {
    JsonNode node = params.get(field);
    return node == null || node.isNull() ? null : node;
  }

  private static boolean isWholeNumber(JsonNode node) {
    if (node.isIntegralNumber()) {
      return true;
    }
    return node.isNumber()
        && Double.isFinite(node.asDouble())
        && node.decimalValue().stripTrailingZeros().scale() <= 0;
  }

  private static String executionCodes() {
    return Arrays.stream(ErrorCode.values())
        .filter(ErrorCode::isExecutionCode)
        .map(ErrorCode::name)
        .collect(Collectors.joining(", "));
  }

  private static ProviderException invalid(String message) {
    return new ProviderException(ErrorCode.INTERNAL_ERROR, "Invalid route params: " + message);
  }
}
