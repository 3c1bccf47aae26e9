package io.modelroute.file;

import java.util.Set;

/**
 * Filters and a page for listing an organization's files, newest first ({@link FileService#list}).
 * Immutable; safe to share.
 *
 * @param status only PENDING_UPLOAD or READY files, or null for both
 * @param purpose only INPUT, UPLOAD or OUTPUT files, or null for all
 * @param limit 1–100
 * @param startingAfter the last id of the previous page, or null
 */
public record FileQuery(String status, String purpose, int limit, String startingAfter) {
  /** Page size when none is given. */
  public static final int DEFAULT_LIMIT = 20;

  /** Largest page. */
  public static final int MAX_LIMIT = 100;

  /** The file statuses a filter may name. */
  public static final Set<String> STATUSES = Set.of("PENDING_UPLOAD", "READY");

  /** The purposes a filter may name. */
  public static final Set<String> PURPOSES = Set.of("INPUT", "UPLOAD", "OUTPUT");

  /**
   * Checks the limit, status and purpose.
   *
   * @throws IllegalArgumentException naming the value that is out of range or unknown
   */
  public FileQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
    if (status != null && !STATUSES.contains(status)) {
      throw new IllegalArgumentException("unknown status " + status);
    }
    if (purpose != null && !PURPOSES.contains(purpose)) {
      throw new IllegalArgumentException("unknown purpose " + purpose);
    }
  }

  /** Every file, first page of the default size. */
  public static FileQuery all() {
    return new FileQuery(null, null, DEFAULT_LIMIT, null);
  }
}
