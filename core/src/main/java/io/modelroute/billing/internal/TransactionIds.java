package io.modelroute.billing.internal;

import io.modelroute.ModelRouteException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Internal: not API, may change without notice; {@link
 * io.modelroute.billing.BillingService#transactionId} is the public face. The public ids of ledger
 * entries: {@code txn_} and 32 hex characters, one AES-128 block holding the entry's row id and a
 * tag of its organization, under a per-install secret key. Ids are therefore neither ordered nor
 * adjacent nor guessable — a tenant learns nothing about the platform's volume — and are parsed
 * back to the row id without a lookup. An id that was forged, mangled or issued to another
 * organization does not parse ({@link #parse} is empty). The rows themselves and how they are
 * inserted are unchanged. Thread-safe.
 */
public final class TransactionIds {
  /** The prefix of every transaction id. */
  public static final String PREFIX = "txn_";

  private static final HexFormat HEX = HexFormat.of();

  private final SecretKeySpec key;

  /**
   * @param secret 16 random bytes, the same on every node (kept in the server settings)
   */
  public TransactionIds(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length != 16) {
      throw new IllegalArgumentException("the transaction id key must be 16 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "AES");
  }

  /** The public id of ledger row {@code rowId} of {@code orgId}. */
  public String render(String orgId, long rowId) {
    ByteBuffer block = ByteBuffer.allocate(16).putLong(rowId).put(tag(orgId));
    return PREFIX + HEX.formatHex(crypt(Cipher.ENCRYPT_MODE, block.array()));
  }

  /** The row id behind {@code id} when it is a transaction id issued to {@code orgId}. */
  public Optional<Long> parse(String orgId, String id) {
    if (id == null || id.length() != PREFIX.length() + 32 || !id.startsWith(PREFIX)) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = HEX.parseHex(id, PREFIX.length(), id.length());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    ByteBuffer plain = ByteBuffer.wrap(crypt(Cipher.DECRYPT_MODE, bytes));
    long rowId = plain.getLong();
    byte[] tag = new byte[8];
    plain.get(tag);
    return MessageDigest.isEqual(tag, tag(orgId)) && rowId > 0
        ? Optional.of(rowId)
        : Optional.empty();
  }

  /** {@link #parse}, or {@code 400 INPUT_VALIDATION_ERROR} on {@code field}. */
  public long parseOrReject(String orgId, String id, String field) {
    return parse(orgId, id)
        .orElseThrow(
            () ->
                ModelRouteException.invalid(
                    field, "INVALID_VALUE", field + " must be a txn_ id of this organization"));
  }

  private static byte[] tag(String orgId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(orgId.getBytes(StandardCharsets.UTF_8));
      byte[] tag = new byte[8];
      System.arraycopy(digest, 0, tag, 0, 8);
      return tag;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private byte[] crypt(int mode, byte[] block) {
    try {
      // one block, no padding: ECB is exactly the keyed permutation wanted here
      Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding");
      cipher.init(mode, key);
      return cipher.doFinal(block);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES unavailable", e);
    }
  }
}
