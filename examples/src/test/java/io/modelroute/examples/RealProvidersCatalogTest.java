package io.modelroute.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.catalog.Catalog;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.catalog.Route;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RealProvidersCatalogTest {
  @Test
  void theSampleCatalogLoadsAndRoutesThroughAllThreeAdapters() {
    Catalog catalog = Catalog.load(Path.of("catalogs/real-providers.yaml"));
    Set<String> providers =
        catalog.models().stream()
            .flatMap(m -> m.routes().stream())
            .map(Route::provider)
            .collect(Collectors.toSet());
    assertThat(providers).contains("openai", "replicate", "fal", "demo");
    ModelDefinition flux = catalog.find("flux-1.1-pro").orElseThrow();
    assertThat(flux.routes())
        .extracting(Route::provider)
        .containsExactly("fal", "replicate", "demo");
    assertThat(catalog.find("kling-image-to-video").orElseThrow().fileFields())
        .containsKey("source_image");
  }
}
