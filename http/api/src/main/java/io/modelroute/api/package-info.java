/**
 * The wire format of the ModelRoute HTTP API: one record per JSON request body and per JSON
 * response body, and the enums that appear in them. The server writes its answers through these
 * records and the Java client reads them back into the same records, so the two cannot drift; the
 * golden JSON fixtures of this module's tests pin the exact JSON of each.
 *
 * <p>Conventions: field names are {@code snake_case} ({@code @JsonProperty} on every component);
 * money is an exact {@link java.math.BigDecimal} written as a JSON string ({@code "0.040"});
 * timestamps are {@link java.time.Instant}s written as ISO-8601 UTC with {@code Z} (the reading and
 * writing {@code ObjectMapper} needs {@code jackson-datatype-jsr310} with {@code
 * WRITE_DATES_AS_TIMESTAMPS} off); free-form JSON ({@code input}, {@code output}, a model's input
 * schema) is a {@code Map<String, Object>} of plain Java values. Unknown fields are ignored when
 * reading, so a client keeps working against a newer server. A component is {@code null} where the
 * JSON has {@code null}; where the JSON leaves a field out the component says so. The only
 * dependency is {@code jackson-annotations}. All records are immutable and thread-safe.
 */
package io.modelroute.api;
