package io.modelroute.db;

/**
 * Builds the {@code VALUES} list of a multi-row insert from a one-row template whose named
 * parameters end in {@code #}: {@code values("(:id#, :org#, 'PENDING')", 2)} is
 * {@code (:id0, :org0, 'PENDING'), (:id1, :org1, 'PENDING')}. Bind {@code id0}, {@code id1}, ….
 */
public final class Rows {
  private Rows() {}

  public static String values(String rowTemplate, int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("a multi-row insert needs at least one row");
    }
    StringBuilder sb = new StringBuilder(rows * (rowTemplate.length() + 8));
    for (int i = 0; i < rows; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(rowTemplate.replace("#", Integer.toString(i)));
    }
    return sb.toString();
  }
}
