package io.modelroute.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A model of the catalog ({@code GET /v1/models}, SPEC §9): what it is, the input it takes and
 * what it costs. Never names providers. Immutable, except that {@code inputSchema} is a Jackson
 * tree the caller should not change.
 *
 * @param slug the id to run it by, e.g. {@code flux-1.1-pro}
 * @param category {@code image}, {@code video}, {@code audio} or {@code text}
 * @param description one line about it
 * @param inputSchema the JSON Schema its {@code input} is validated against
 * @param pricing its price
 * @param timeoutS seconds after which an unfinished execution expires
 */
public record Model(
    String slug, String category, String description, ObjectNode inputSchema, ModelPricing pricing, long timeoutS) {
  public Model {
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(category, "category");
  }
}
