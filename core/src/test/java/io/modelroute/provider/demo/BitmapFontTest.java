package io.modelroute.provider.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BitmapFontTest {
  @Test
  void lowerCaseIsDrawnAsUpperCase() {
    assertThat(BitmapFont.glyph('q')).isSameAs(BitmapFont.glyph('Q'));
  }

  @Test
  void accentedLettersAreDrawnWithoutAccents() {
    assertThat(BitmapFont.glyph('é')).isSameAs(BitmapFont.glyph('E'));
  }

  @Test
  void unknownCharactersAreDrawnAsAHollowBox() {
    int[] box = BitmapFont.glyph('語');

    assertThat(box).containsExactly(0b11111, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b11111);
    assertThat(BitmapFont.glyph('~')).isSameAs(box);
  }

  @Test
  void spaceIsBlankAndLettersAreNot() {
    assertThat(BitmapFont.glyph(' ')).containsOnly(0);
    for (char c = 'A'; c <= 'Z'; c++) {
      assertThat(BitmapFont.glyph(c)).hasSize(7).isNotEqualTo(BitmapFont.glyph('~'));
      assertThat(java.util.Arrays.stream(BitmapFont.glyph(c)).allMatch(row -> row >= 0 && row < 32))
          .isTrue();
    }
  }

  @Test
  void widthLeavesOneColumnBetweenGlyphs() {
    assertThat(BitmapFont.width("", 3)).isZero();
    assertThat(BitmapFont.width("A", 1)).isEqualTo(5);
    assertThat(BitmapFont.width("AB", 2)).isEqualTo(22);
  }
}
