package io.modelroute.provider.replicate;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The output file types the adapter recognises, by URL extension and by {@code Content-Type}: a
 * content type and the short format name of the canonical output.
 *
 * @param contentType e.g. {@code image/png}
 * @param format e.g. {@code png}
 */
record MediaTypes(String contentType, String format) {
  /** What an output of an unrecognised type is stored as. */
  static final MediaTypes OCTET_STREAM = new MediaTypes("application/octet-stream", "bin");

  private static final Map<String, MediaTypes> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("png", new MediaTypes("image/png", "png")),
          Map.entry("jpg", new MediaTypes("image/jpeg", "jpg")),
          Map.entry("jpeg", new MediaTypes("image/jpeg", "jpg")),
          Map.entry("webp", new MediaTypes("image/webp", "webp")),
          Map.entry("gif", new MediaTypes("image/gif", "gif")),
          Map.entry("mp4", new MediaTypes("video/mp4", "mp4")),
          Map.entry("webm", new MediaTypes("video/webm", "webm")),
          Map.entry("mov", new MediaTypes("video/quicktime", "mov")),
          Map.entry("wav", new MediaTypes("audio/wav", "wav")),
          Map.entry("mp3", new MediaTypes("audio/mpeg", "mp3")),
          Map.entry("flac", new MediaTypes("audio/flac", "flac")),
          Map.entry("ogg", new MediaTypes("audio/ogg", "ogg")),
          Map.entry("m4a", new MediaTypes("audio/mp4", "m4a")));

  private static final Map<String, MediaTypes> BY_CONTENT_TYPE =
      Map.ofEntries(
          Map.entry("image/png", BY_EXTENSION.get("png")),
          Map.entry("image/jpeg", BY_EXTENSION.get("jpg")),
          Map.entry("image/jpg", BY_EXTENSION.get("jpg")),
          Map.entry("image/webp", BY_EXTENSION.get("webp")),
          Map.entry("image/gif", BY_EXTENSION.get("gif")),
          Map.entry("video/mp4", BY_EXTENSION.get("mp4")),
          Map.entry("video/webm", BY_EXTENSION.get("webm")),
          Map.entry("video/quicktime", BY_EXTENSION.get("mov")),
          Map.entry("audio/wav", BY_EXTENSION.get("wav")),
          Map.entry("audio/x-wav", BY_EXTENSION.get("wav")),
          Map.entry("audio/wave", BY_EXTENSION.get("wav")),
          Map.entry("audio/vnd.wave", BY_EXTENSION.get("wav")),
          Map.entry("audio/mpeg", BY_EXTENSION.get("mp3")),
          Map.entry("audio/mp3", BY_EXTENSION.get("mp3")),
          Map.entry("audio/flac", BY_EXTENSION.get("flac")),
          Map.entry("audio/ogg", BY_EXTENSION.get("ogg")),
          Map.entry("audio/mp4", BY_EXTENSION.get("m4a")));

  /** The type named by the last path segment's extension, e.g. {@code …/out-0.webp}. */
  static Optional<MediaTypes> fromPath(String path) {
    if (path == null) {
      return Optional.empty();
    }
    String last = path.substring(path.lastIndexOf('/') + 1);
    int dot = last.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_EXTENSION.get(last.substring(dot + 1).toLowerCase(Locale.ROOT)));
  }

  /** The type of a {@code Content-Type} value (parameters ignored), if recognised. */
  static Optional<MediaTypes> fromContentType(String value) {
    if (value == null) {
      return Optional.empty();
    }
    int semi = value.indexOf(';');
    String bare = (semi < 0 ? value : value.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return Optional.ofNullable(BY_CONTENT_TYPE.get(bare));
  }
}
