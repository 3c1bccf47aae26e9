package io.modelroute.provider;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One produced file as a provider hands it over. The bytes are read once, streamed into the {@code
 * FileStore}; large remote files are never held in memory. A provider returns these in {@link
 * ProviderOutcome.Completed#media()}. Immutable, but its {@link #source()} is read only once.
 *
 * @param contentType e.g. {@code image/png}
 * @param format short format name for the canonical output, e.g. {@code png}
 * @param width pixels, or {@code null} when not an image/video
 * @param height pixels, or {@code null}
 * @param durationSeconds seconds of audio/video, or {@code null}
 * @param source opens the bytes; the engine calls it exactly once
 */
public record OutputMedia(
    String contentType,
    String format,
    Integer width,
    Integer height,
    BigDecimal durationSeconds,
    Source source) {

  /** Opens the bytes; called exactly once. */
  @FunctionalInterface
  public interface Source {
    /** A stream over the bytes; the engine closes it. */
    InputStream open() throws IOException;
  }

  public OutputMedia {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(source, "source");
  }

  /** Media whose bytes are already in memory (small, locally made files). */
  public static OutputMedia ofBytes(
      String contentType,
      String format,
      Integer width,
      Integer height,
      BigDecimal durationSeconds,
      byte[] bytes) {
    byte[] copy = bytes.clone();
    return new OutputMedia(
        contentType,
        format,
        width,
        height,
        durationSeconds,
        () -> new java.io.ByteArrayInputStream(copy));
  }
}
