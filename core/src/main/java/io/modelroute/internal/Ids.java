package io.modelroute.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Makes and recognises the identifiers of docs/http-api.md. Thread-safe. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern UUID_TAIL =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private Ids() {}

  public static String execution() {
    return "exec_" + UUID.randomUUID();
  }

  public static String file() {
    return "file_" + UUID.randomUUID();
  }

  public static String webhookEndpoint() {
    return "wh_" + UUID.randomUUID();
  }

  public static String event() {
    return "evt_" + UUID.randomUUID();
  }

  public static String organization() {
    return "org_" + randomHex(8);
  }

  public static String apiKey() {
    return "key_" + randomHex(8);
  }

  /** A request id; not a secret, so a fast non-cryptographic source is enough. */
  public static String request() {
    return "req_" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  }

  /** {@code n} random bytes from a cryptographic source, as lowercase hex. */
  public static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HEX.formatHex(b);
  }

  /** {@code n} random bytes from a cryptographic source. */
  public static byte[] randomBytes(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return b;
  }

  /** Whether {@code id} is {@code prefix} followed by a lowercase UUID, e.g. {@code exec_…}. */
  public static boolean isUuidId(String id, String prefix) {
    return id != null
        && id.length() == prefix.length() + 36
        && id.startsWith(prefix)
        && UUID_TAIL.matcher(id).region(prefix.length(), id.length()).matches();
  }

  /** Whether {@code value} has the shape of a file reference ({@code file_<uuid>}). */
  public static boolean isFileId(String value) {
    return isUuidId(value, "file_");
  }
}
