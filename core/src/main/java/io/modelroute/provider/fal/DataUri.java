package io.modelroute.provider.fal;

import io.modelroute.provider.OutputMedia;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * {@code data:} URLs (RFC 2397), which fal returns instead of CDN links when a request sets {@code
 * sync_mode}. The text is already in memory as part of the result; it is decoded as it is read.
 * Stateless.
 */
final class DataUri {
  private DataUri() {}

  /** The media type a {@code data:} URL declares, or {@code null}. */
  static String mediaType(String uri) {
    int comma = uri.indexOf(',');
    if (comma < 5) {
      return null;
    }
    String meta = uri.substring(5, comma);
    int semicolon = meta.indexOf(';');
    String type = semicolon >= 0 ? meta.substring(0, semicolon) : meta;
    return type.isBlank() ? null : type;
  }

  /** A source decoding the URL's data; a malformed URL fails the result as unreadable. */
  static OutputMedia.Source source(String uri) {
    int comma = uri.indexOf(',');
    if (comma < 5) {
      throw FalErrors.unexpected("a malformed data: URL", null);
    }
    boolean base64 = uri.substring(5, comma).toLowerCase(Locale.ROOT).endsWith(";base64");
    String data = uri.substring(comma + 1);
    if (base64) {
      return () ->
          Base64.getMimeDecoder()
              .wrap(new ByteArrayInputStream(data.getBytes(StandardCharsets.US_ASCII)));
    }
    return () -> new ByteArrayInputStream(percentDecode(data));
  }

  private static byte[] percentDecode(String data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length());
    byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%'
          && i + 2 < bytes.length
          && Character.digit(bytes[i + 1], 16) >= 0
          && Character.digit(bytes[i + 2], 16) >= 0) {
        out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toByteArray();
  }
}
