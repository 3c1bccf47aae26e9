package io.modelroute.provider.demo;

import java.text.Normalizer;
import java.util.Locale;

/**
 * A built-in 5×7 pixel font (upper-case letters, digits, common punctuation) so images can carry a
 * caption without system fonts, which headless servers often lack. Lower case is drawn as upper
 * case, accented letters without their accents, any other character as a hollow box. Immutable,
 * thread-safe.
 */
final class BitmapFont {
  /** Glyph width in font pixels. */
  static final int GLYPH_WIDTH = 5;

  /** Glyph height in font pixels. */
  static final int GLYPH_HEIGHT = 7;

  /** Horizontal distance between glyph origins, in font pixels. */
  static final int ADVANCE = GLYPH_WIDTH + 1;

  // Each line: the character, then 7 rows of 5 pixels, top to bottom.
  private static final String GLYPHS =
      """
      A 01110 10001 10001 11111 10001 10001 10001
      B 11110 10001 10001 11110 10001 10001 11110
      C 01110 10001 10000 10000 10000 10001 01110
      D 11110 10001 10001 10001 10001 10001 11110
      E 11111 10000 10000 11110 10000 10000 11111
      F 11111 10000 10000 11110 10000 10000 10000
      G 01110 10001 10000 10111 10001 10001 01111
      H 10001 10001 10001 11111 10001 10001 10001
      I 01110 00100 00100 00100 00100 00100 01110
      J 00111 00010 00010 00010 00010 10010 01100
      K 10001 10010 10100 11000 10100 10010 10001
      L 10000 10000 10000 10000 10000 10000 11111
      M 10001 11011 10101 10101 10001 10001 10001
      N 10001 10001 11001 10101 10011 10001 10001
      O 01110 10001 10001 10001 10001 10001 01110
      P 11110 10001 10001 11110 10000 10000 10000
      Q 01110 10001 10001 10001 10101 10010 01101
      R 11110 10001 10001 11110 10100 10010 10001
      S 01111 10000 10000 01110 00001 00001 11110
      T 11111 00100 00100 00100 00100 00100 00100
      U 10001 10001 10001 10001 10001 10001 01110
      V 10001 10001 10001 10001 10001 01010 00100
      W 10001 10001 10001 10101 10101 10101 01010
      X 10001 10001 01010 00100 01010 10001 10001
      Y 10001 10001 01010 00100 00100 00100 00100
      Z 11111 00001 00010 00100 01000 10000 11111
      0 01110 10001 10011 10101 11001 10001 01110
      1 00100 01100 00100 00100 00100 00100 01110
      2 01110 10001 00001 00010 00100 01000 11111
      3 11111 00010 00100 00010 00001 10001 01110
      4 00010 00110 01010 10010 11111 00010 00010
      5 11111 10000 11110 00001 00001 10001 01110
      6 00110 01000 10000 11110 10001 10001 01110
      7 11111 00001 00010 00100 01000 01000 01000
      8 01110 10001 10001 01110 10001 10001 01110
      9 01110 10001 10001 01111 00001 00010 01100
      . 00000 00000 00000 00000 00000 01100 01100
      , 00000 00000 00000 00000 01100 00100 01000
      ; 00000 01100 01100 00000 01100 00100 01000
      : 00000 01100 01100 00000 01100 01100 00000
      ! 00100 00100 00100 00100 00100 00000 00100
      ? 01110 10001 00001 00010 00100 00000 00100
      - 00000 00000 00000 11111 00000 00000 00000
      + 00000 00100 00100 11111 00100 00100 00000
      = 00000 00000 11111 00000 11111 00000 00000
      * 00000 00100 10101 01110 10101 00100 00000
      / 00000 00001 00010 00100 01000 10000 00000
      _ 00000 00000 00000 00000 00000 00000 11111
      ' 01100 00100 01000 00000 00000 00000 00000
      " 01010 01010 01010 00000 00000 00000 00000
      ( 00010 00100 01000 01000 01000 00100 00010
      ) 01000 00100 00010 00010 00010 00100 01000
      # 01010 01010 11111 01010 11111 01010 01010
      % 11000 11001 00010 00100 01000 10011 00011
      & 01100 10010 10100 01000 10101 10010 01101
      """;

  private static final int[] BOX = rows("11111 10001 10001 10001 10001 10001 11111");
  private static final int[] BLANK = new int[GLYPH_HEIGHT];
  private static final int[][] ASCII = load();

  private BitmapFont() {}

  /**
   * The rows of a character's glyph, top to bottom; bit {@code 4 - x} of a row is the pixel in
   * column {@code x}. Do not modify the returned array.
   */
  static int[] glyph(char c) {
    if (c == ' ') {
      return BLANK;
    }
    // strip accents (É → E) before falling back to the box
    String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
    char upper = base.toUpperCase(Locale.ROOT).charAt(0);
    int[] rows = upper < ASCII.length ? ASCII[upper] : null;
    return rows == null ? BOX : rows;
  }

  /** Width in image pixels of {@code text} drawn at {@code scale} (no trailing gap). */
  static int width(String text, int scale) {
    return text.isEmpty() ? 0 : (text.length() * ADVANCE - 1) * scale;
  }

  private static int[][] load() {
    int[][] table = new int[128][];
    for (String line : GLYPHS.split("\n")) {
      if (!line.isBlank()) {
        table[line.charAt(0)] = rows(line.substring(2));
      }
    }
    return table;
  }

  private static int[] rows(String spec) {
    String[] parts = spec.trim().split(" ");
    if (parts.length != GLYPH_HEIGHT) {
      throw new IllegalStateException("bad glyph: " + spec);
    }
    int[] rows = new int[GLYPH_HEIGHT];
    for (int i = 0; i < GLYPH_HEIGHT; i++) {
      rows[i] = Integer.parseInt(parts[i], 2);
    }
    return rows;
  }
}
