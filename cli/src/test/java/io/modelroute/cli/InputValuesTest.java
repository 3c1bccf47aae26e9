package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputValuesTest {
  @Test
  void numbersBooleansAndNullBecomeJsonValues() {
    ObjectNode input =
        InputValues.parse(List.of("width=512", "guidance=3.5", "offset=-2", "big=1e3", "x=true", "y=false", "z=null"));

    assertThat(input.get("width").isInt()).isTrue();
    assertThat(input.get("width").intValue()).isEqualTo(512);
    assertThat(input.get("guidance").isNumber()).isTrue();
    assertThat(input.get("guidance").decimalValue()).isEqualByComparingTo("3.5");
    assertThat(input.get("offset").intValue()).isEqualTo(-2);
    assertThat(input.get("big").isNumber()).isTrue();
    assertThat(input.get("x").isBoolean()).isTrue();
    assertThat(input.get("x").booleanValue()).isTrue();
    assertThat(input.get("y").booleanValue()).isFalse();
    assertThat(input.get("z").isNull()).isTrue();
  }

  @Test
  void wordsLeadingZerosAndNearNumbersStayStrings() {
    ObjectNode input =
        InputValues.parse(List.of("prompt=a red fox", "zip=02134", "version=1.2.3", "flag=True", "n=12px", "empty="));

    assertThat(input.get("prompt").textValue()).isEqualTo("a red fox");
    assertThat(input.get("zip").textValue()).isEqualTo("02134");
    assertThat(input.get("version").textValue()).isEqualTo("1.2.3");
    assertThat(input.get("flag").textValue()).isEqualTo("True");
    assertThat(input.get("n").textValue()).isEqualTo("12px");
    assertThat(input.get("empty").textValue()).isEmpty();
  }

  @Test
  void quotedValueIsSentAsAString() {
    ObjectNode input = InputValues.parse(List.of("seed=\"42\""));

    assertThat(input.get("seed").textValue()).isEqualTo("42");
  }

  @Test
  void jsonArraysAndObjectsAreSentAsParsedAndBracketedProseStaysAString() {
    ObjectNode input =
        InputValues.parse(List.of("tags=[\"a\",\"b\"]", "size={\"w\":1}", "prompt=[draft] a cat"));

    assertThat(input.get("tags").isArray()).isTrue();
    assertThat(input.get("tags")).hasSize(2);
    assertThat(input.get("size").get("w").intValue()).isEqualTo(1);
    assertThat(input.get("prompt").textValue()).isEqualTo("[draft] a cat");
  }

  @Test
  void valueKeepsEverythingAfterTheFirstEqualsSign() {
    assertThat(InputValues.parse(List.of("prompt=a=b")).get("prompt").textValue()).isEqualTo("a=b");
  }

  @Test
  void inputsKeepTheirOrder() {
    assertThat(Json.write(InputValues.parse(List.of("b=1", "a=2")))).isEqualTo("{\"b\":1,\"a\":2}");
  }

  @Test
  void pairWithoutKeyOrEqualsSignIsRejected() {
    assertThatThrownBy(() -> InputValues.parse(List.of("prompt")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KEY=VALUE");
    assertThatThrownBy(() -> InputValues.parse(List.of("=x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KEY=VALUE");
  }

  @Test
  void fileReferenceIsReservedForTheUploadFlow() {
    assertThatThrownBy(() -> InputValues.parse(List.of("image=@photo.png")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("file inputs (@path) need the files upload flow, not available yet");
  }

  @Test
  void repeatedKeyIsRejected() {
    assertThatThrownBy(() -> InputValues.parse(List.of("a=1", "a=2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a'");
  }
}
