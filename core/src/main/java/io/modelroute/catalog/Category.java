package io.modelroute.catalog;

import java.util.Locale;

/** What kind of output a model makes; decides the shape of its canonical {@code output}. */
public enum Category {
  IMAGE,
  VIDEO,
  AUDIO,
  TEXT;

  /** The wire form, lowercase ({@code "image"}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the wire form, case-insensitively. */
  public static Category fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
