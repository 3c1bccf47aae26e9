package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputValuesTest {
  @Test
  void numbersBooleansAndNullBecomeJsonValues() {
    ObjectNode input =
        InputValues.parse(
                List.of(
                    "width=512",
                    "guidance=3.5",
                    "offset=-2",
                    "big=1e3",
                    "x=true",
                    "y=false",
                    "z=null"))
            .input();

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
        InputValues.parse(
                List.of(
                    "prompt=a red fox",
                    "zip=02134",
                    "version=1.2.3",
                    "flag=True",
                    "n=12px",
                    "empty="))
            .input();

    assertThat(input.get("prompt").textValue()).isEqualTo("a red fox");
    assertThat(input.get("zip").textValue()).isEqualTo("02134");
    assertThat(input.get("version").textValue()).isEqualTo("1.2.3");
    assertThat(input.get("flag").textValue()).isEqualTo("True");
    assertThat(input.get("n").textValue()).isEqualTo("12px");
    assertThat(input.get("empty").textValue()).isEmpty();
  }

  @Test
  void quotedValueIsSentAsAString() {
    ObjectNode input = InputValues.parse(List.of("seed=\"42\"")).input();

    assertThat(input.get("seed").textValue()).isEqualTo("42");
  }

  @Test
  void jsonArraysAndObjectsAreSentAsParsedAndBracketedProseStaysAString() {
    ObjectNode input =
        InputValues.parse(List.of("tags=[\"a\",\"b\"]", "size={\"w\":1}", "prompt=[draft] a cat"))
            .input();

    assertThat(input.get("tags").isArray()).isTrue();
    assertThat(input.get("tags")).hasSize(2);
    assertThat(input.get("size").get("w").intValue()).isEqualTo(1);
    assertThat(input.get("prompt").textValue()).isEqualTo("[draft] a cat");
  }

  @Test
  void valueKeepsEverythingAfterTheFirstEqualsSign() {
    assertThat(InputValues.parse(List.of("prompt=a=b")).input().get("prompt").textValue())
        .isEqualTo("a=b");
  }

  @Test
  void inputsKeepTheirOrder() {
    assertThat(Json.write(InputValues.parse(List.of("b=1", "a=2")).input()))
        .isEqualTo("{\"b\":1,\"a\":2}");
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
  void anAtSignNamesALocalFileToUploadAndKeepsItOutOfTheInput() {
    InputValues.Parsed parsed =
        InputValues.parse(List.of("prompt=pan", "source_image=@photos/cat.png"));

    assertThat(parsed.files())
        .containsExactly(Map.entry("source_image", Path.of("photos/cat.png")));
    assertThat(Json.write(parsed.input())).isEqualTo("{\"prompt\":\"pan\"}");
  }

  @Test
  void aQuotedAtSignIsJustAString() {
    InputValues.Parsed parsed = InputValues.parse(List.of("prompt=\"@home\""));

    assertThat(parsed.files()).isEmpty();
    assertThat(parsed.input().get("prompt").textValue()).isEqualTo("@home");
  }

  @Test
  void anAtSignWithoutPathOrAFileGivenTwiceIsRejected() {
    assertThatThrownBy(() -> InputValues.parse(List.of("image=@")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a file path");
    assertThatThrownBy(() -> InputValues.parse(List.of("image=@a.png", "image=b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than once");
  }

  @Test
  void repeatedKeyIsRejected() {
    assertThatThrownBy(() -> InputValues.parse(List.of("a=1", "a=2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a'");
  }
}
