package io.modelroute.api;

import java.util.Objects;

/**
 * One file of a canonical output (docs/concepts.md), as {@link ExecutionResult#files()} reads it:
 * an image ({@code width}, {@code height}), a video or an audio clip ({@code durationS}); parts
 * that do not apply are {@code null}. Not a JSON body of its own.
 *
 * @param kind {@code images}, {@code videos} or {@code audio}: the list of the output it is in
 * @param fileId {@code file_…}
 * @param format {@code png}, {@code gif}, {@code wav}, …
 * @param width pixels, for images and videos that say
 * @param height pixels, for images and videos that say
 * @param durationS seconds, for videos and audio
 */
public record OutputFile(
    String kind, String fileId, String format, Integer width, Integer height, Double durationS) {
  public OutputFile {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(fileId, "fileId");
  }
}
