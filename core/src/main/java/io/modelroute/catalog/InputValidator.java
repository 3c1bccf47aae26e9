package io.modelroute.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import io.modelroute.FieldError;
import io.modelroute.ModelRouteException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates execution input against a model's input schema and the rules of docs/concepts.md that a
 * schema cannot express, reporting every problem at once.
 *
 * <p>Detail codes: {@code REQUIRED} (missing property), {@code INVALID_TYPE}, {@code OUT_OF_RANGE}
 * (minimum/maximum/exclusive bounds, minItems/maxItems), {@code TOO_LONG} (maxLength), {@code
 * UNKNOWN_FIELD} ({@code additionalProperties: false}), {@code INVALID_VALUE} (enum, const,
 * pattern, format, minLength and the rest; also a file field whose value is not a {@code file_…}
 * reference, a NaN/infinite number, or nesting deeper than {@link io.modelroute.Json#MAX_DEPTH})
 * and {@code RAW_URL_NOT_ALLOWED} (any string, however deep, starting with {@code http://}, {@code
 * https://}, {@code data:}, {@code ftp://}, {@code s3://} or {@code gs://}, ignoring case and
 * leading whitespace). Paths are dotted from the request body: {@code input.width}, {@code
 * input.a.b}, {@code input.list.0}. At most {@link #MAX_DETAILS} details are reported.
 *
 * <p>Whether referenced files exist and have an accepted type is not checked here.
 *
 * <p>Schemas of the catalog's models were compiled when the catalog was built; a definition that is
 * not the catalog's is compiled on first use and cached by slug.
 *
 * <p>{@code ExecutionService.create} runs it on every create; an application may use one directly
 * to check input before submitting it. Thread-safe; one per catalog.
 */
public final class InputValidator {
  /** Most details one validation failure carries; a hostile input cannot make it larger. */
  public static final int MAX_DETAILS = 100;

  private static final Logger LOG = LoggerFactory.getLogger(InputValidator.class);

  private final Catalog catalog;
  private final ConcurrentMap<String, Compiled> others = new ConcurrentHashMap<>();

  private record Compiled(ModelDefinition model, CompiledSchema schema) {}

  /** A validator for the models of {@code catalog} (and, compiled on demand, any other). */
  public InputValidator(Catalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /**
   * Validates {@code input} for {@code model} and returns a copy with schema defaults filled in.
   *
   * <p>Only top-level {@code default}s are applied, and only to absent properties. {@code input} is
   * never modified. Never throws anything but {@link ModelRouteException} because of what {@code
   * input} holds.
   *
   * @throws io.modelroute.ModelRouteException {@code INPUT_VALIDATION_ERROR} with one detail per
   *     problem, field paths rooted at {@code input.}
   * @throws IllegalArgumentException if {@code model} is not from the catalog and its schema is
   *     invalid (a programming error, not a client one)
   */
  public ObjectNode validate(ModelDefinition model, JsonNode input) {
    Objects.requireNonNull(model, "model");
    if (input == null || !input.isObject()) {
      throw ModelRouteException.invalid(
          "input", FieldError.INVALID_TYPE, "input must be a JSON object");
    }
    ObjectNode object = (ObjectNode) input;
    CompiledSchema schema = schemaFor(model);
    InputScan scan = InputScan.of(object, model.fileFields());
    List<FieldError> details = new ArrayList<>();
    if (!scan.tooDeep()) {
      details.addAll(schemaDetails(schema, object, scan));
    }
    details.addAll(scan.details());
    if (!details.isEmpty()) {
      throw ModelRouteException.invalid(distinct(details));
    }
    ObjectNode result = object.deepCopy();
    schema
        .defaults()
        .forEach(
            (name, value) -> {
              if (!result.has(name)) {
                result.set(name, value.deepCopy());
              }
            });
    return result;
  }

  private static List<FieldError> schemaDetails(
      CompiledSchema schema, ObjectNode input, InputScan scan) {
    ObjectNode subject = scan.nonFinite().isEmpty() ? input : InputScan.withoutNonFinite(input);
    List<Error> errors;
    try {
      errors = schema.schema().validate(subject);
    } catch (RuntimeException e) {
      // The library should not throw on any JSON value; if it does, the client still gets a 400.
      LOG.warn("schema validation failed unexpectedly", e);
      return List.of(
          new FieldError("input", FieldError.INVALID_VALUE, "input could not be validated"));
    }
    List<FieldError> details = SchemaErrorMapper.map(errors, schema.root());
    details.removeIf(d -> scan.nonFinite().contains(d.field())); // already reported as not finite
    return details;
  }

  /**
   * One detail per field and code, first wins, at most {@link #MAX_DETAILS}. A field of the wrong
   * type gets only its {@code INVALID_TYPE} (and {@code RAW_URL_NOT_ALLOWED}): ranges and lengths
   * of a wrong type are noise.
   */
  private static List<FieldError> distinct(List<FieldError> details) {
    Set<String> wrongType = new HashSet<>();
    for (FieldError detail : details) {
      if (detail.code().equals(FieldError.INVALID_TYPE)) {
        wrongType.add(detail.field());
      }
    }
    Map<String, FieldError> unique = new LinkedHashMap<>();
    for (FieldError detail : details) {
      if (wrongType.contains(detail.field())
          && !detail.code().equals(FieldError.INVALID_TYPE)
          && !detail.code().equals(FieldError.RAW_URL_NOT_ALLOWED)) {
        continue;
      }
      unique.putIfAbsent(detail.field() + '\u0000' + detail.code(), detail);
      if (unique.size() == MAX_DETAILS) {
        break;
      }
    }
    return List.copyOf(unique.values());
  }

  private CompiledSchema schemaFor(ModelDefinition model) {
    CompiledSchema fromCatalog = catalog.compiledSchema(model);
    if (fromCatalog != null) {
      return fromCatalog;
    }
    Compiled cached = others.get(model.slug());
    if (cached != null && (cached.model() == model || cached.model().equals(model))) {
      return cached.schema();
    }
    Compiled compiled = new Compiled(model, CompiledSchema.compile(model.inputSchema()));
    others.put(model.slug(), compiled);
    return compiled.schema();
  }
}
