package io.modelroute.catalog;

import java.util.Locale;

/**
 * What kind of output a model makes; decides the shape of its canonical {@code output}
 * (docs/concepts.md). Immutable.
 */
public enum Category {
  /** Images. */
  IMAGE,
  /** Video. */
  VIDEO,
  /** Audio. */
  AUDIO,
  /** Text, possibly streamed. */
  TEXT;

  /** The wire form, lowercase ({@code "image"}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the wire form, case-insensitively.
   *
   * @throws IllegalArgumentException for an unknown category
   */
  static Category fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
