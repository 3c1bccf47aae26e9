package io.modelroute.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.FieldError;
import io.modelroute.Json;
import io.modelroute.ModelRouteException;
import io.modelroute.Money;
import io.modelroute.internal.Ids;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class InputValidatorTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Catalog CATALOG = Catalog.loadDefault();
  private static final InputValidator VALIDATOR = new InputValidator(CATALOG);
  private static final ModelDefinition FLUX = CATALOG.find("flux-1.1-pro").orElseThrow();
  private static final ModelDefinition TEXT =
      CATALOG.find("text-generation-standard").orElseThrow();
  private static final ModelDefinition SEEDANCE = CATALOG.find("seedance-video").orElseThrow();

  /** A model exercising the keywords the demo catalog does not use. */
  private static final ModelDefinition RICH =
      ModelDefinition.of(
          "rich",
          Category.TEXT,
          "",
          Json.readObject(
              """
      {"type": "object",
       "properties": {
         "style": {"type": "string", "enum": ["photo", "sketch"]},
         "version": {"const": 2},
         "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
         "email": {"type": "string", "format": "email"},
         "ratio": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
         "tags": {"type": "array", "minItems": 1, "maxItems": 3, "items": {"type": "string", "maxLength": 5}},
         "box": {"type": "object", "additionalProperties": false,
                 "properties": {"size": {"type": "integer", "minimum": 1, "maximum": 9}}}
       }}"""),
          Pricing.perRun(Money.parse("0.001")),
          List.of(Route.of("demo", "demo-text")));

  @Test
  void validInputComesBackWithDefaultsFilledIn() {
    ObjectNode input = Json.readObject("{\"prompt\": \"a red fox\", \"height\": 512}");
    ObjectNode result = VALIDATOR.validate(FLUX, input);
    assertThat(result)
        .isEqualTo(
            Json.readObject("{\"prompt\": \"a red fox\", \"height\": 512, \"width\": 1024}"));
    assertThat(input).isEqualTo(Json.readObject("{\"prompt\": \"a red fox\", \"height\": 512}"));
    assertThat(VALIDATOR.validate(TEXT, Json.readObject("{\"prompt\": \"hi\"}")))
        .isEqualTo(
            Json.readObject("{\"prompt\": \"hi\", \"max_tokens\": 256, \"temperature\": 1}"));
  }

  @Test
  void missingRequiredPropertyIsRequiredOnThatProperty() {
    assertThat(problems(FLUX, "{}"))
        .containsExactly(new FieldError("input.prompt", FieldError.REQUIRED, "prompt is required"));
  }

  @ParameterizedTest
  @ValueSource(ints = {255, 2049, -1, 0})
  void numberOutsideBothBoundsIsOutOfRangeNamingTheBounds(int width) {
    assertThat(problems(FLUX, "{\"prompt\": \"x\", \"width\": " + width + "}"))
        .containsExactly(
            new FieldError(
                "input.width", FieldError.OUT_OF_RANGE, "width must be between 256 and 2048"));
  }

  @Test
  void exclusiveBoundsAndItemCountsAreOutOfRangeToo() {
    assertThat(problems(RICH, "{\"ratio\": 0, \"tags\": []}"))
        .containsExactly(
            new FieldError(
                "input.ratio",
                FieldError.OUT_OF_RANGE,
                "ratio must be greater than 0 and at most 1"),
            new FieldError(
                "input.tags", FieldError.OUT_OF_RANGE, "tags must have between 1 and 3 items"));
    assertThat(problems(RICH, "{\"tags\": [\"a\", \"b\", \"c\", \"d\"]}"))
        .extracting(FieldError::code)
        .containsExactly(FieldError.OUT_OF_RANGE);
  }

  @Test
  void wrongTypeIsInvalidType() {
    assertThat(
            problems(FLUX, "{\"prompt\": 7, \"width\": \"wide\", \"height\": 1.5, \"seed\": null}"))
        .containsExactlyInAnyOrder(
            new FieldError("input.prompt", FieldError.INVALID_TYPE, "prompt must be a string"),
            new FieldError("input.width", FieldError.INVALID_TYPE, "width must be an integer"),
            new FieldError("input.height", FieldError.INVALID_TYPE, "height must be an integer"),
            new FieldError("input.seed", FieldError.INVALID_TYPE, "seed must be an integer"));
  }

  @Test
  void enumConstPatternFormatAndEmptyStringsAreInvalidValue() {
    assertThat(
            problems(
                RICH,
                """
        {"style": "oil", "version": 3, "code": "ab", "email": "not-an-address"}"""))
        .containsExactlyInAnyOrder(
            new FieldError(
                "input.style", FieldError.INVALID_VALUE, "style must be one of photo, sketch"),
            new FieldError("input.version", FieldError.INVALID_VALUE, "version must be 2"),
            new FieldError(
                "input.code", FieldError.INVALID_VALUE, "code must match the pattern ^[A-Z]{3}$"),
            new FieldError("input.email", FieldError.INVALID_VALUE, "email must be a valid email"));
    assertThat(problems(FLUX, "{\"prompt\": \"\"}"))
        .containsExactly(
            new FieldError("input.prompt", FieldError.INVALID_VALUE, "prompt must not be empty"));
  }

  @Test
  void stringLongerThanMaxLengthIsTooLong() {
    String prompt = "p".repeat(32_001);
    assertThat(problems(TEXT, "{\"prompt\": \"" + prompt + "\"}"))
        .containsExactly(
            new FieldError(
                "input.prompt",
                FieldError.TOO_LONG,
                "prompt must be at most 32000 characters long"));
    VALIDATOR.validate(TEXT, Json.readObject("{\"prompt\": \"" + prompt.substring(1) + "\"}"));
  }

  @Test
  void unknownFieldIsReportedOnItsOwnPathAtAnyDepth() {
    assertThat(problems(FLUX, "{\"prompt\": \"x\", \"colour\": \"red\"}"))
        .containsExactly(
            new FieldError(
                "input.colour", FieldError.UNKNOWN_FIELD, "colour is not a known field"));
    assertThat(problems(RICH, "{\"box\": {\"size\": 3, \"depth\": 1}}"))
        .containsExactly(
            new FieldError(
                "input.box.depth", FieldError.UNKNOWN_FIELD, "box.depth is not a known field"));
  }

  @Test
  void nestedProblemsCarryDottedPathsWithArrayIndexes() {
    assertThat(problems(RICH, "{\"box\": {\"size\": 10}, \"tags\": [\"ok\", 5, \"toolong\"]}"))
        .containsExactlyInAnyOrder(
            new FieldError(
                "input.box.size", FieldError.OUT_OF_RANGE, "box.size must be between 1 and 9"),
            new FieldError("input.tags.1", FieldError.INVALID_TYPE, "tags.1 must be a string"),
            new FieldError(
                "input.tags.2", FieldError.TOO_LONG, "tags.2 must be at most 5 characters long"));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThat(
            problems(
                FLUX,
                """
        {"width": 100, "height": "tall", "extra": true, "image": "https://x.test/cat.png"}"""))
        .extracting(FieldError::field, FieldError::code)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("input.prompt", FieldError.REQUIRED),
            org.assertj.core.groups.Tuple.tuple("input.width", FieldError.OUT_OF_RANGE),
            org.assertj.core.groups.Tuple.tuple("input.height", FieldError.INVALID_TYPE),
            org.assertj.core.groups.Tuple.tuple("input.extra", FieldError.UNKNOWN_FIELD),
            org.assertj.core.groups.Tuple.tuple("input.image", FieldError.RAW_URL_NOT_ALLOWED));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://x.test/a.png",
        "https://x.test/a.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://x.test/a",
        "s3://bucket/key.png",
        "gs://bucket/key.png",
        "  HTTPS://X.TEST/A.PNG",
        "\tData:text/plain,hi",
        "S3://b/k",
        "data:,hello",
        "data:;base64,aGk="
      })
  void rawUrlInAnyStringIsRejectedForEveryScheme(String url) {
    assertThat(problems(FLUX, Json.write(java.util.Map.of("prompt", url))))
        .containsExactly(
            new FieldError(
                "input.prompt",
                FieldError.RAW_URL_NOT_ALLOWED,
                "raw URLs are not accepted; upload the file and pass its file_… reference"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Data: summarise these sales figures", "data: the new oil", "database: postgres"})
  void proseThatMerelyStartsWithDataIsNotARawUrl(String prompt) {
    assertThat(
            VALIDATOR
                .validate(FLUX, Json.readTree(Json.write(java.util.Map.of("prompt", prompt))))
                .get("prompt")
                .asText())
        .isEqualTo(prompt);
  }

  @Test
  void rawUrlsNestedInArraysAndObjectsAreEachReportedOnTheirPath() {
    ModelDefinition open =
        ModelDefinition.of(
            "open",
            Category.TEXT,
            "",
            Json.readObject("{\"type\": \"object\"}"),
            Pricing.perRun(Money.parse("0.001")),
            List.of(Route.of("demo", "demo-text")));
    assertThat(
            problems(
                open,
                """
        {"refs": ["fine", "gs://b/k"], "meta": {"links": [{"href": "ftp://x.test"}], "note": "see http: later"}}"""))
        .extracting(FieldError::field, FieldError::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("input.refs.1", FieldError.RAW_URL_NOT_ALLOWED),
            org.assertj.core.groups.Tuple.tuple(
                "input.meta.links.0.href", FieldError.RAW_URL_NOT_ALLOWED));
  }

  @Test
  void fileFieldTakesOnlyAFileReference() {
    String id = Ids.file();
    assertThat(
            VALIDATOR
                .validate(FLUX, Json.readObject("{\"prompt\": \"x\", \"image\": \"" + id + "\"}"))
                .get("image")
                .asText())
        .isEqualTo(id);
    for (String bad : List.of("cat.png", "file_123", id.toUpperCase(), "")) {
      assertThat(
              problems(SEEDANCE, Json.write(java.util.Map.of("prompt", "x", "source_image", bad))))
          .as(bad)
          .extracting(FieldError::field, FieldError::code)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("input.source_image", FieldError.INVALID_VALUE));
    }
  }

  @Test
  void rawUrlInAFileFieldIsReportedOnceAsARawUrl() {
    assertThat(
            problems(SEEDANCE, "{\"prompt\": \"x\", \"source_image\": \"https://x.test/a.png\"}"))
        .extracting(FieldError::code)
        .containsExactly(FieldError.RAW_URL_NOT_ALLOWED);
  }

  static Stream<JsonNode> notObjects() {
    return Stream.of(
        NODES.arrayNode().add(1),
        NODES.textNode("prompt"),
        NODES.nullNode(),
        NODES.numberNode(1),
        NODES.missingNode(),
        null);
  }

  @ParameterizedTest
  @MethodSource("notObjects")
  void inputThatIsNotAnObjectIsOneInvalidTypeDetail(JsonNode input) {
    assertThat(problems(FLUX, input))
        .containsExactly(
            new FieldError("input", FieldError.INVALID_TYPE, "input must be a JSON object"));
  }

  static Stream<String> hostileInputs() {
    return Stream.of(
        "{\"prompt\": \"x\", \"width\": 1e400}",
        "{\"prompt\": \"x\", \"width\": -1e400}",
        "{\"prompt\": \"x\", \"width\": 9999999999999999999999}",
        "{\"prompt\": \"x\", \"seed\": 99999999999999999999999999999999999999999999999999}",
        "{\"prompt\": \"x\", \"height\": 1e-400}",
        "{\"prompt\": \"x\", \"width\": 1024.0000000000000000000000000000001}",
        "{\"prompt\": \"x\", \"seed\": -0.5}",
        "{\"prompt\": null, \"width\": null, \"height\": null, \"seed\": null, \"image\": null}",
        "{\"prompt\": \"\", \"image\": \"\"}",
        "{\"\": \"\", \"prompt\": \"x\"}",
        "{\"prompt\": \"\\u0000\\ud800\", \"width\": []}",
        "{\"prompt\": {\"a\": " + "[".repeat(25) + "1" + "]".repeat(25) + "}}",
        "{\"prompt\": \"x\", \"seed\": -1e-400}");
  }

  @ParameterizedTest
  @MethodSource("hostileInputs")
  void hostileJsonYieldsOnlyValidationErrors(String json) {
    Throwable thrown = catchThrowable(() -> VALIDATOR.validate(FLUX, Json.readTree(json)));
    assertThat(thrown).isInstanceOf(ModelRouteException.class);
    assertThat(((ModelRouteException) thrown).details()).isNotEmpty();
  }

  @Test
  void hugeNumbersAreOutOfRangeOrInvalidType() {
    assertThat(
            problems(
                FLUX, "{\"prompt\": \"x\", \"width\": 1e400, \"height\": 9999999999999999999999}"))
        .containsExactly(
            new FieldError(
                "input.width", FieldError.OUT_OF_RANGE, "width must be between 256 and 2048"),
            new FieldError(
                "input.height", FieldError.OUT_OF_RANGE, "height must be between 256 and 2048"));
    assertThat(
            problems(TEXT, "{\"prompt\": \"x\", \"temperature\": 1e-400, \"max_tokens\": 1e400}"))
        .extracting(FieldError::field)
        .containsExactly("input.max_tokens");
  }

  @Test
  void numbersJsonCannotCarryAreInvalidValuesNotCrashes() {
    ObjectNode input =
        NODES
            .objectNode()
            .put("prompt", "x")
            .put("width", Double.NaN)
            .put("height", Double.POSITIVE_INFINITY)
            .put("seed", Float.NEGATIVE_INFINITY);
    input.set("huge", NODES.numberNode(new BigDecimal("1e999999999")));
    assertThat(problems(FLUX, input))
        .extracting(FieldError::field, FieldError::code)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("input.huge", FieldError.UNKNOWN_FIELD),
            org.assertj.core.groups.Tuple.tuple("input.width", FieldError.INVALID_VALUE),
            org.assertj.core.groups.Tuple.tuple("input.height", FieldError.INVALID_VALUE),
            org.assertj.core.groups.Tuple.tuple("input.seed", FieldError.INVALID_VALUE));
    ObjectNode bigInteger = NODES.objectNode().put("prompt", "x");
    bigInteger.set("seed", NODES.numberNode(BigInteger.TEN.pow(5000)));
    assertThat(problems(FLUX, bigInteger))
        .extracting(FieldError::code)
        .containsExactly(FieldError.OUT_OF_RANGE);
  }

  @Test
  void nestingDeeperThanTheBodyLimitIsRejectedWithoutRecursing() {
    ModelDefinition open =
        ModelDefinition.of(
            "open",
            Category.TEXT,
            "",
            Json.readObject("{\"type\": \"object\"}"),
            Pricing.perRun(Money.parse("0.001")),
            List.of(Route.of("demo", "demo-text")));
    ObjectNode input = NODES.objectNode();
    ObjectNode cursor = input;
    for (int i = 0; i < 100_000; i++) {
      cursor = cursor.putObject("a");
    }
    List<FieldError> problems = problems(open, input);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).code()).isEqualTo(FieldError.INVALID_VALUE);
    assertThat(problems.get(0).message()).contains("nested too deeply");
  }

  @Test
  void detailsAreCappedForInputsWithThousandsOfProblems() {
    ModelDefinition open =
        ModelDefinition.of(
            "open",
            Category.TEXT,
            "",
            Json.readObject("{\"type\": \"object\"}"),
            Pricing.perRun(Money.parse("0.001")),
            List.of(Route.of("demo", "demo-text")));
    ObjectNode input = NODES.objectNode();
    input
        .putArray("urls")
        .addAll(java.util.Collections.nCopies(5_000, NODES.textNode("http://x.test")));
    assertThat(problems(open, input)).hasSize(InputValidator.MAX_DETAILS);
  }

  @Test
  void modelsOutsideTheCatalogAreCompiledOnFirstUse() {
    assertThat(problems(RICH, "{\"style\": \"oil\"}")).hasSize(1);
    assertThat(VALIDATOR.validate(RICH, Json.readObject("{\"style\": \"photo\"}"))).isNotNull();
  }

  @Test
  void manyThreadsValidateConcurrentlyWithConsistentResults() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(
            pool.submit(
                () -> {
                  int failures = 0;
                  for (int i = 0; i < 500; i++) {
                    VALIDATOR.validate(
                        FLUX, Json.readObject("{\"prompt\": \"p" + i + "\", \"seed\": " + i + "}"));
                    failures += problems(FLUX, "{\"width\": " + (i % 256) + "}").size();
                  }
                  return failures;
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(1000); // REQUIRED prompt + OUT_OF_RANGE width, 500 times
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<FieldError> problems(ModelDefinition model, String json) {
    return problems(model, Json.readTree(json));
  }

  private static List<FieldError> problems(ModelDefinition model, JsonNode input) {
    Throwable thrown = catchThrowable(() -> VALIDATOR.validate(model, input));
    assertThat(thrown).isInstanceOf(ModelRouteException.class);
    ModelRouteException e = (ModelRouteException) thrown;
    assertThat(e.code()).isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
    return e.details();
  }
}
