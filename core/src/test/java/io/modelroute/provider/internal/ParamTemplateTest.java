package io.modelroute.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Json;
import org.junit.jupiter.api.Test;

class ParamTemplateTest {
  @Test
  void referencesConstantsAndNestingMapCanonicalInputToProviderParameters() {
    var params =
        Json.readObject(
            "{\"input\":{\"prompt\":\"$prompt\",\"size\":{\"w\":\"$width\",\"h\":\"$.height\"},"
                + "\"steps\":28,\"tags\":[\"$style\",\"fixed\"],\"literal\":\"$$prompt\",\"absent\":\"$nothing\"}}");
    var input =
        Json.readObject("{\"prompt\":\"a cat\",\"width\":512,\"height\":384,\"style\":\"noir\"}");
    assertThat(ParamTemplate.apply(params, input).toString())
        .isEqualTo(
            "{\"prompt\":\"a cat\",\"size\":{\"w\":512,\"h\":384},\"steps\":28,\"tags\":[\"noir\",\"fixed\"],"
                + "\"literal\":\"$prompt\"}");
  }

  @Test
  void withoutATemplateTheInputPassesThrough() {
    var input = Json.readObject("{\"prompt\":\"a cat\"}");
    assertThat(ParamTemplate.apply(Json.readObject("{\"latency_ms\":5}"), input)).isEqualTo(input);
  }
}
