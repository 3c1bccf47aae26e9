package io.modelroute.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.modelroute.Json;
import io.modelroute.Money;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogTest {
  private static final Catalog DEFAULT = Catalog.loadDefault();

  /** A valid one-model catalog; tests replace one line of it to break it. */
  private static final String VALID =
      """
      models:
        - slug: tiny
          category: image
          pricing: {unit: per_run, price: "0.010"}
          input_schema:
            type: object
            properties:
              prompt: {type: string}
          routes:
            - provider: demo
              provider_model: demo-image
      """;

  @TempDir Path dir;

  @Test
  void defaultCatalogHasTheSixDemoModelsInOrder() {
    assertThat(DEFAULT.models())
        .extracting(ModelDefinition::slug)
        .containsExactly(
            "flux-1.1-pro",
            "flux-schnell",
            "seedance-video",
            "text-generation-standard",
            "audio-generation-standard",
            "demo-overloaded");
    assertThat(DEFAULT.models())
        .allSatisfy(
            m -> {
              assertThat(m.enabled()).isTrue();
              assertThat(m.routes())
                  .isNotEmpty()
                  .allSatisfy(r -> assertThat(r.provider()).isEqualTo("demo"));
            });
  }

  @Test
  void defaultCatalogModelsHaveTheDocumentedCategoriesAndPrices() {
    assertModel("flux-1.1-pro", Category.IMAGE, Pricing.perRun(Money.parse("0.040")));
    assertModel("flux-schnell", Category.IMAGE, Pricing.perMegapixel(Money.parse("0.003")));
    assertModel("seedance-video", Category.VIDEO, Pricing.perSecond(Money.parse("0.050")));
    assertModel(
        "text-generation-standard",
        Category.TEXT,
        Pricing.per1kTokens(Money.parse("0.0005"), Money.parse("0.0015")));
    assertModel(
        "audio-generation-standard", Category.AUDIO, Pricing.perSecond(Money.parse("0.002")));
    assertModel("demo-overloaded", Category.IMAGE, Pricing.perRun(Money.parse("0.010")));
  }

  @Test
  void defaultCatalogDeclaresFileFieldsFromTheXFileMarker() {
    assertThat(model("flux-1.1-pro").fileFields())
        .isEqualTo(Map.of("image", Set.of("image/png", "image/jpeg", "image/webp")));
    assertThat(model("seedance-video").fileFields())
        .isEqualTo(
            Map.of("source_image", Set.of("image/png", "image/jpeg", "image/gif", "image/bmp")));
    assertThat(model("text-generation-standard").fileFields()).isEmpty();
  }

  @Test
  void defaultCatalogRoutesCarryDemoParams() {
    assertThat(model("flux-1.1-pro").routes().get(0).params().get("latency_ms").asInt())
        .isEqualTo(1500);
    assertThat(model("flux-1.1-pro").routes().get(0).weight()).isEqualTo(1);
    assertThat(model("demo-overloaded").routes().get(0).params().get("failure_code").asText())
        .isEqualTo("MODEL_OVERLOADED");
  }

  @Test
  void timeoutDefaultsToFiveMinutesAndEnabledToTrue() throws IOException {
    ModelDefinition tiny = loadYaml(VALID).find("tiny").orElseThrow();
    assertThat(tiny.timeout()).isEqualTo(Duration.ofSeconds(300));
    assertThat(tiny.enabled()).isTrue();
    assertThat(tiny.description()).isEmpty();
    assertThat(tiny.routes()).containsExactly(Route.of("demo", "demo-image"));
  }

  @Test
  void findReturnsDisabledModelsTooAndEmptyForUnknownSlugs() throws IOException {
    Catalog catalog =
        loadYaml(VALID.replace("category: image", "category: image\n    enabled: false"));
    assertThat(catalog.find("tiny")).get().extracting(ModelDefinition::enabled).isEqualTo(false);
    assertThat(catalog.find("nope")).isEmpty();
    assertThat(catalog.find(null)).isEmpty();
  }

  @Test
  void modelsListCannotBeModified() {
    assertThatThrownBy(() -> DEFAULT.models().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void yamlAndJsonFilesOfTheSameCatalogAreEqual() throws IOException {
    String yaml;
    try (InputStream in =
        Catalog.class.getResourceAsStream("/io/modelroute/catalog/default-catalog.yaml")) {
      yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    JsonNode tree = new YAMLMapper().readTree(yaml);
    Path json =
        Files.writeString(
            dir.resolve("catalog.json"),
            Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree));
    Path yml = Files.writeString(dir.resolve("catalog.YML"), yaml);

    assertThat(Catalog.load(json)).isEqualTo(Catalog.load(yml)).isEqualTo(DEFAULT);
  }

  @Test
  void pricesMayBeNumbersAndAreReadExactly() throws IOException {
    Catalog catalog = loadYaml(VALID.replace("price: \"0.010\"", "price: 0.1"));
    assertThat(catalog.find("tiny").orElseThrow().pricing().price()).isEqualTo(Money.parse("0.1"));
  }

  @Test
  void catalogOfCheckedDefinitionsBuildsInCode() {
    ObjectNode schema =
        Json.readObject(
            """
        {"type":"object","properties":{"clip":{"type":"string","x-file":{"accept":["audio/WAV"]}}}}""");
    ModelDefinition model =
        ModelDefinition.of(
            "in-code",
            Category.AUDIO,
            "d",
            schema,
            Pricing.perSecond(Money.parse("0.001")),
            List.of(Route.of("demo", "demo-audio")));
    Catalog catalog = Catalog.of(List.of(model));
    assertThat(catalog.find("in-code")).contains(model);
    assertThat(model.fileFields()).isEqualTo(Map.of("clip", Set.of("audio/wav")));
    assertThatThrownBy(() -> Catalog.of(List.of(model, model)))
        .hasMessageContaining("in-code")
        .hasMessageContaining("duplicate slug");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      unknown category     | category: image                  | category: hologram                      | category "hologram" is unknown
      unknown unit         | unit: per_run                    | unit: per_token                         | pricing.unit "per_token" is unknown
      text price           | price: "0.010"                   | price: "ten cents"                      | pricing.price "ten cents" is not a dollar amount
      sub-micro price      | price: "0.010"                   | price: "0.0000001"                      | pricing.price "0.0000001" is not a dollar amount
      sub-micro number     | price: "0.010"                   | price: 0.0000001                        | pricing.price 0.0000001 is not a dollar amount
      negative price       | price: "0.010"                   | price: "-1.00"                          | pricing.price must not be negative
      missing price        | price: "0.010"                   | cost: "0.010"                           | unknown field pricing.cost
      token prices         | unit: per_run, price: "0.010"    | unit: per_1k_tokens, input_price: "1"   | pricing.output_price is required
      no routes            | provider: demo                   | provider: demo\\n    routes: []         | ?
      invalid schema type  | prompt: {type: string}           | prompt: {type: strin}                   | input_schema is not a valid JSON Schema: at input_schema.properties.prompt.type
      non-object schema    | type: object                     | type: array                             | input_schema must have "type": "object"
      bad pattern          | prompt: {type: string}           | prompt: {type: string, pattern: "(["}   | input_schema cannot be compiled
      remote ref           | prompt: {type: string}           | prompt: {$ref: "http://x.test/s.json"}  | only local references
      bad default          | prompt: {type: string}           | prompt: {type: string, default: 5}     | input_schema.properties.prompt.default is invalid
      file on integer      | prompt: {type: string}           | prompt: {type: integer, x-file: {accept: [image/png]}} | a file field must have "type": "string"
      file without accept  | prompt: {type: string}           | prompt: {type: string, x-file: {}}      | must be an object with a non-empty "accept" list
      bad accept pattern   | prompt: {type: string}           | prompt: {type: string, x-file: {accept: [png]}} | "png" is not a content type pattern
      typo in field        | category: image                  | category: image\\n    timout_s: 5      | unknown field timout_s
      zero timeout         | category: image                  | category: image\\n    timeout_s: 0     | timeout_s must be a whole number of seconds
      bad slug             | slug: tiny                       | slug: Tiny Model                        | model slug must be lowercase
      route weight         | provider: demo                   | provider: demo\\n        weight: -1     | routes[0].weight must be a whole number
      """)
  void badEntryFailsWithAMessageNamingTheModelAndField(
      String name, String from, String to, String expected) throws IOException {
    String yaml = VALID.replace(from, to.replace("\\n", "\n"));
    if (name.equals("no routes")) {
      yaml = VALID.substring(0, VALID.indexOf("    routes:")) + "    routes: []\n";
      expected = "routes must be a non-empty list";
    }
    assertThat(yaml).isNotEqualTo(VALID);
    String catalogYaml = yaml;
    String modelName = name.equals("bad slug") ? "model 'Tiny Model'" : "model 'tiny'";
    assertThatThrownBy(() -> loadYaml(catalogYaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(modelName)
        .hasMessageContaining(expected);
  }

  @Test
  void duplicateSlugNamesBothEntries() {
    String twice = VALID + VALID.substring(VALID.indexOf("  - slug"));
    assertThatThrownBy(() -> loadYaml(twice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model 'tiny': duplicate slug (entries #1 and #2)");
  }

  @Test
  void missingModelsListIsRejected() {
    assertThatThrownBy(() -> loadYaml("modles: []\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be an object with a \"models\" list");
  }

  @Test
  void malformedJsonNamesTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("broken.json"), "{\"models\": [");
    assertThatThrownBy(() -> Catalog.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broken.json is not valid JSON");
  }

  @Test
  void unknownFileExtensionIsRejected() throws IOException {
    Path file = Files.writeString(dir.resolve("catalog.toml"), VALID);
    assertThatThrownBy(() -> Catalog.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(".json, .yaml or .yml");
  }

  @Test
  void unknownSchemaKeywordsAndTheDialectUriDoNotBreakLoading() throws IOException {
    Catalog catalog =
        loadYaml(
            VALID.replace(
                "type: object",
                "type: object\n      $schema: \"https://json-schema.org/draft/2020-12/schema\"\n      x-ui-order: [prompt]"));
    assertThat(catalog.find("tiny")).isPresent();
  }

  private Catalog loadYaml(String yaml) throws IOException {
    return Catalog.load(Files.writeString(dir.resolve("catalog.yaml"), yaml));
  }

  private static ModelDefinition model(String slug) {
    return DEFAULT.find(slug).orElseThrow();
  }

  private static void assertModel(String slug, Category category, Pricing pricing) {
    ModelDefinition model = model(slug);
    assertThat(model.category()).as(slug).isEqualTo(category);
    assertThat(model.pricing()).as(slug).isEqualTo(pricing);
  }
}
