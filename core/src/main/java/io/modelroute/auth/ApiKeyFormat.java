package io.modelroute.auth;

import io.modelroute.internal.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The API key format {@code sk_<64 lowercase hex>_<8 lowercase hex CRC32 of the 64 hex chars>} (76
 * characters), so clients and the server can reject a mistyped key without a network or database
 * round trip. Thread-safe.
 */
final class ApiKeyFormat {
  /** Length of every well-formed key. */
  static final int LENGTH = 76;

  /** Characters of a key shown in listings ({@code sk_} and the first 8 hex digits). */
  static final int DISPLAY_PREFIX_LENGTH = 11;

  private ApiKeyFormat() {}

  /** A new random key: 32 bytes from a cryptographic source plus its checksum. */
  static String generate() {
    String body = Ids.randomHex(32);
    return "sk_" + body + "_" + crc32Hex(body);
  }

  /** Whether {@code key} has the exact shape and a matching checksum. */
  static boolean isWellFormed(String key) {
    if (key == null || key.length() != LENGTH || !key.startsWith("sk_") || key.charAt(67) != '_') {
      return false;
    }
    for (int i = 3; i < LENGTH; i++) {
      char c = key.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (i != 67 && !hex) {
        return false;
      }
    }
    return crc32Hex(key.substring(3, 67)).equals(key.substring(68));
  }

  /** The SHA-256 of the key, lowercase hex: what is stored. */
  static String hash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The part of a key safe to show in listings. */
  static String displayPrefix(String key) {
    return key.substring(0, DISPLAY_PREFIX_LENGTH);
  }

  static String crc32Hex(String hex64) {
    CRC32 crc = new CRC32();
    crc.update(hex64.getBytes(StandardCharsets.US_ASCII));
    return String.format("%08x", crc.getValue());
  }
}
