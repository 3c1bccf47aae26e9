package io.modelroute.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles over small samples; nothing fancy. */
final class Stats {
  private Stats() {}

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** The p-th percentile (0..100) of already collected values, nearest-rank. */
  static double percentile(long[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    long[] v = values.clone();
    Arrays.sort(v);
    int rank = (int) Math.ceil(p / 100.0 * v.length);
    return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Math.abs(v) >= 100) {
      return String.format("%.0f", v);
    }
    if (Math.abs(v) >= 10) {
      return String.format("%.1f", v);
    }
    return String.format("%.2f", v);
  }

  static String list(List<Double> values) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(fmt(values.get(i)));
    }
    return b.append(']').toString();
  }
}
