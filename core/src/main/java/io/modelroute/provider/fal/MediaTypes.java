package io.modelroute.provider.fal;

import io.modelroute.catalog.Category;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Content type and short format name of an output file: fal's {@code content_type} when it is a
 * well-formed media type, else a {@code data:} URL's own type, else the URL's file extension, else
 * the category's usual type ({@code image/png}, {@code video/mp4}, {@code audio/mpeg}). Stateless.
 */
final class MediaTypes {
  private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z]+/[a-z0-9][a-z0-9.+-]*");
  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("webp", "image/webp"),
          Map.entry("gif", "image/gif"),
          Map.entry("avif", "image/avif"),
          Map.entry("mp4", "video/mp4"),
          Map.entry("webm", "video/webm"),
          Map.entry("mov", "video/quicktime"),
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("wav", "audio/wav"),
          Map.entry("ogg", "audio/ogg"),
          Map.entry("flac", "audio/flac"),
          Map.entry("m4a", "audio/mp4"),
          Map.entry("aac", "audio/aac"),
          Map.entry("opus", "audio/opus"));
  private static final Map<Category, String> BY_CATEGORY =
      Map.of(
          Category.IMAGE, "image/png", Category.VIDEO, "video/mp4", Category.AUDIO, "audio/mpeg");
  private static final Map<String, String> FORMATS =
      Map.ofEntries(
          Map.entry("audio/mpeg", "mp3"),
          Map.entry("audio/mp4", "m4a"),
          Map.entry("video/quicktime", "mov"),
          Map.entry("video/x-matroska", "mkv"),
          Map.entry("image/svg+xml", "svg"),
          Map.entry("audio/wave", "wav"),
          Map.entry("audio/vnd.wave", "wav"),
          Map.entry("audio/x-wav", "wav"));

  private MediaTypes() {}

  /**
   * The content type of a file.
   *
   * @param declared fal's {@code content_type}, or {@code null}
   * @param fallback the category whose usual type ends the search, or {@code null} to answer {@code
   *     null} when nothing is known
   */
  static String contentType(String declared, String url, Category fallback) {
    String type = normalize(declared);
    if (type == null && url != null && url.regionMatches(true, 0, "data:", 0, 5)) {
      type = normalize(DataUri.mediaType(url));
    }
    if (type == null && url != null) {
      type = BY_EXTENSION.get(extension(url));
    }
    return type != null || fallback == null ? type : BY_CATEGORY.get(fallback);
  }

  /** The short format name: {@code image/png} → {@code png}, {@code audio/mpeg} → {@code mp3}. */
  static String format(String contentType) {
    String known = FORMATS.get(contentType);
    if (known != null) {
      return known;
    }
    String subtype = contentType.substring(contentType.indexOf('/') + 1);
    subtype = subtype.startsWith("x-") ? subtype.substring(2) : subtype;
    int plus = subtype.indexOf('+');
    return plus > 0 ? subtype.substring(0, plus) : subtype;
  }

  private static String normalize(String type) {
    if (type == null) {
      return null;
    }
    int semicolon = type.indexOf(';');
    String bare =
        (semicolon >= 0 ? type.substring(0, semicolon) : type).strip().toLowerCase(Locale.ROOT);
    return MEDIA_TYPE.matcher(bare).matches() && !bare.equals("application/octet-stream")
        ? bare
        : null;
  }

  private static String extension(String url) {
    String path = url;
    for (char c : new char[] {'?', '#'}) {
      int i = path.indexOf(c);
      path = i >= 0 ? path.substring(0, i) : path;
    }
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    return dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }
}
