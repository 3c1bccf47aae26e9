package io.modelroute.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * The identity of a request for idempotency: SHA-256 of method, path and the canonical JSON of the
 * body (object keys sorted, no insignificant whitespace, numbers in one form), so key order and
 * formatting don't matter. Two requests under one idempotency key are the same request when their
 * fingerprints are equal; the HTTP layer computes it for {@code ExecutionService.create}, which
 * derives one from the request itself when given none. Stateless; thread-safe.
 */
public final class RequestFingerprint {
  private RequestFingerprint() {}

  /**
   * The fingerprint of a request: lower-case hex SHA-256.
   *
   * @param method the HTTP method, e.g. {@code POST}
   * @param path the request path, e.g. {@code /v1/executions}
   * @param body the parsed JSON body, or null for none
   */
  public static String of(String method, String path, JsonNode body) {
    StringBuilder sb = new StringBuilder(method).append(' ').append(path).append('\n');
    canonical(body, sb);
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void canonical(JsonNode n, StringBuilder sb) {
    if (n == null || n.isMissingNode()) {
      sb.append("null");
    } else if (n.isObject()) {
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      sb.append('{');
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(io.modelroute.Json.write(names.get(i))).append(':');
        canonical(n.get(names.get(i)), sb);
      }
      sb.append('}');
    } else if (n.isArray()) {
      sb.append('[');
      for (int i = 0; i < n.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        canonical(n.get(i), sb);
      }
      sb.append(']');
    } else if (n.isNumber()) {
      sb.append(n.decimalValue().stripTrailingZeros().toPlainString());
    } else {
      sb.append(n.toString());
    }
  }
}
