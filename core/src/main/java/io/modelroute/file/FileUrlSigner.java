package io.modelroute.file;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import io.modelroute.internal.Ids;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes and checks the tokens of signed file URLs: {@code <file id>.<expiry, Unix seconds>.<key id
 * or ->.<signature>}, the signature being the base64url HMAC-SHA256, under the server's shared key,
 * of the token's kind (upload or download) and its fields. An upload token cannot be used to
 * download and vice versa; changing any character makes it invalid. Thread-safe.
 */
final class FileUrlSigner {
  /** What a token lets its bearer do. */
  enum Kind {
    UPLOAD,
    DOWNLOAD
  }

  /** What a valid token says. {@code keyId} is the API key that asked for it, or null. */
  record Claims(String fileId, Instant expiresAt, String keyId) {}

  private static final Pattern TOKEN =
      Pattern.compile(
          "(file_[0-9a-f-]{36})\\.(\\d{1,12})\\.(key_[0-9a-f]{8,32}|-)\\.([A-Za-z0-9_-]{43})");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;

  FileUrlSigner(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the URL signing key must have at least 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  String sign(Kind kind, String fileId, Instant expiresAt, String keyId) {
    String k = keyId == null ? "-" : keyId;
    String head = fileId + "." + expiresAt.getEpochSecond() + "." + k;
    return head + "." + B64.encodeToString(mac(kind, head));
  }

  /**
   * The claims of a token of {@code kind}, or {@code 403 FORBIDDEN} when it is malformed, tampered
   * with, of the other kind or expired at {@code now}.
   */
  Claims verify(Kind kind, String token, Instant now) {
    Matcher m = token == null || token.length() > 200 ? null : TOKEN.matcher(token);
    if (m == null || !m.matches() || !Ids.isFileId(m.group(1))) {
      throw forbidden("This signed file URL is malformed");
    }
    String head = m.group(1) + "." + m.group(2) + "." + m.group(3);
    byte[] given = m.group(4).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = B64.encodeToString(mac(kind, head)).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(given, expected)) {
      throw forbidden("This signed file URL is not valid");
    }
    Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(m.group(2)));
    if (!now.isBefore(expiresAt)) {
      throw forbidden("This signed file URL has expired");
    }
    return new Claims(m.group(1), expiresAt, "-".equals(m.group(3)) ? null : m.group(3));
  }

  static ModelRouteException forbidden(String message) {
    return new ModelRouteException(ErrorCode.FORBIDDEN, message);
  }

  private byte[] mac(Kind kind, String head) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(
          ("modelroute-file-url-v1\n" + kind + "\n" + head).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
