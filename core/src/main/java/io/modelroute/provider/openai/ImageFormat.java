package io.modelroute.provider.openai;

import java.util.Locale;

/**
 * An image format recognised from its first bytes, with the pixel size read from its header when
 * that is cheap: PNG ({@code IHDR}), JPEG (the first {@code SOFn} marker within the bytes given),
 * WebP ({@code VP8 }, {@code VP8L}, {@code VP8X}) and GIF (logical screen).
 *
 * @param width pixels, or {@code null} when the header did not tell
 * @param height pixels, or {@code null}
 */
record ImageFormat(String contentType, String format, Integer width, Integer height) {

  /** Recognises {@code bytes[0..length)}, or returns {@code null} for anything else. */
  static ImageFormat sniff(byte[] b, int length) {
    if (length >= 24
        && u8(b, 0) == 0x89
        && b[1] == 'P'
        && b[2] == 'N'
        && b[3] == 'G'
        && b[12] == 'I'
        && b[13] == 'H'
        && b[14] == 'D'
        && b[15] == 'R') {
      return new ImageFormat("image/png", "png", positive(be32(b, 16)), positive(be32(b, 20)));
    }
    if (length >= 8 && u8(b, 0) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return new ImageFormat("image/png", "png", null, null);
    }
    if (length >= 3 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && u8(b, 2) == 0xFF) {
      return jpeg(b, length);
    }
    if (length >= 12 && ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
      return webp(b, length);
    }
    if (length >= 10 && (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a"))) {
      return new ImageFormat("image/gif", "gif", positive(le16(b, 6)), positive(le16(b, 8)));
    }
    return null;
  }

  /** The format a URL's file extension or a format name ({@code png}, {@code jpeg}…) implies. */
  static ImageFormat byName(String name) {
    if (name == null) {
      return null;
    }
    String n = name.toLowerCase(Locale.ROOT);
    int query = n.indexOf('?');
    n = query >= 0 ? n.substring(0, query) : n;
    n = n.substring(n.lastIndexOf('.') + 1);
    return switch (n) {
      case "png" -> new ImageFormat("image/png", "png", null, null);
      case "jpg", "jpeg" -> new ImageFormat("image/jpeg", "jpeg", null, null);
      case "webp" -> new ImageFormat("image/webp", "webp", null, null);
      case "gif" -> new ImageFormat("image/gif", "gif", null, null);
      default -> null;
    };
  }

  /** The same format with the pixel size filled in where the header did not give it. */
  ImageFormat orSize(Integer w, Integer h) {
    return width != null && height != null || w == null || h == null
        ? this
        : new ImageFormat(contentType, format, w, h);
  }

  private static ImageFormat jpeg(byte[] b, int length) {
    int i = 2;
    while (i + 9 < length) {
      if (u8(b, i) != 0xFF) {
        i++;
        continue;
      }
      int marker = u8(b, i + 1);
      if (marker == 0xFF || marker == 0x01 || marker >= 0xD0 && marker <= 0xD9) {
        i += marker == 0xFF ? 1 : 2;
        continue;
      }
      boolean sof =
          marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) {
        return new ImageFormat(
            "image/jpeg", "jpeg", positive(be16(b, i + 7)), positive(be16(b, i + 5)));
      }
      i += 2 + be16(b, i + 2);
    }
    return new ImageFormat("image/jpeg", "jpeg", null, null);
  }

  private static ImageFormat webp(byte[] b, int length) {
    Integer w = null;
    Integer h = null;
    if (length >= 30 && ascii(b, 12, "VP8X")) {
      w = 1 + (u8(b, 24) | u8(b, 25) << 8 | u8(b, 26) << 16);
      h = 1 + (u8(b, 27) | u8(b, 28) << 8 | u8(b, 29) << 16);
    } else if (length >= 25 && ascii(b, 12, "VP8L") && u8(b, 20) == 0x2F) {
      int bits = u8(b, 21) | u8(b, 22) << 8 | u8(b, 23) << 16 | u8(b, 24) << 24;
      w = 1 + (bits & 0x3FFF);
      h = 1 + (bits >>> 14 & 0x3FFF);
    } else if (length >= 30 && ascii(b, 12, "VP8 ")) {
      w = le16(b, 26) & 0x3FFF;
      h = le16(b, 28) & 0x3FFF;
    }
    return new ImageFormat("image/webp", "webp", positive(w), positive(h));
  }

  private static Integer positive(Integer v) {
    return v == null || v <= 0 ? null : v;
  }

  private static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  private static int be16(byte[] b, int i) {
    return u8(b, i) << 8 | u8(b, i + 1);
  }

  private static int le16(byte[] b, int i) {
    return u8(b, i) | u8(b, i + 1) << 8;
  }

  private static Integer be32(byte[] b, int i) {
    long v = (long) u8(b, i) << 24 | u8(b, i + 1) << 16 | u8(b, i + 2) << 8 | u8(b, i + 3);
    return v > Integer.MAX_VALUE ? null : (int) v;
  }

  private static boolean ascii(byte[] b, int at, String s) {
    for (int k = 0; k < s.length(); k++) {
      if (b[at + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
