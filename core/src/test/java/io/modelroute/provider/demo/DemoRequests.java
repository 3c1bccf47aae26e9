package io.modelroute.provider.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.catalog.Category;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.catalog.Pricing;
import io.modelroute.catalog.PricingUnit;
import io.modelroute.catalog.Route;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.ProgressListener;
import io.modelroute.provider.ProviderRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds provider requests for demo models by hand; catalog records made directly. */
record DemoRequests(
    Category category,
    String input,
    String params,
    String executionId,
    Instant startedAt,
    Instant now,
    ProgressListener listener) {

  static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

  static DemoRequests of(Category category) {
    return new DemoRequests(
        category,
        "{}",
        "{}",
        "exec_00000000-0000-0000-0000-000000000001",
        T0,
        T0,
        ProgressListener.NONE);
  }

  DemoRequests input(String json) {
    return new DemoRequests(category, json, params, executionId, startedAt, now, listener);
  }

  DemoRequests params(String json) {
    return new DemoRequests(category, input, json, executionId, startedAt, now, listener);
  }

  DemoRequests executionId(String id) {
    return new DemoRequests(category, input, params, id, startedAt, now, listener);
  }

  DemoRequests now(Instant instant) {
    return new DemoRequests(category, input, params, executionId, startedAt, instant, listener);
  }

  DemoRequests listener(ProgressListener l) {
    return new DemoRequests(category, input, params, executionId, startedAt, now, l);
  }

  ProviderRequest build() {
    Route route = new Route("demo", "demo-" + category.wireName(), 1, json(params));
    ModelDefinition model =
        new ModelDefinition(
            "demo-" + category.wireName(),
            category,
            "test model",
            json("{\"type\":\"object\"}"),
            new Pricing(PricingUnit.PER_RUN, Money.ZERO, Money.ZERO),
            null,
            List.of(route),
            true,
            Map.of());
    return new ProviderRequest(
        executionId, model, route, json(input), null, startedAt, now, listener);
  }

  /** The bytes of a produced file. */
  static byte[] bytes(OutputMedia media) {
    try (InputStream in = media.source().open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
