package io.modelroute.provider.demo;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A tiny SplitMix64 generator seeded from a hash of strings. Its sequence is fixed by this code,
 * not by the JDK version, so the same prompt makes the same output everywhere. Not thread-safe:
 * make one per rendering.
 */
final class DemoRandom {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private long state;

  private DemoRandom(long seed) {
    this.state = seed;
  }

  /** A generator whose sequence depends on every part, in order. */
  static DemoRandom of(String... parts) {
    return new DemoRandom(hash(parts));
  }

  /** A well-mixed 64-bit hash of the parts (FNV-1a over UTF-8, then the SplitMix64 finalizer). */
  static long hash(String... parts) {
    long h = FNV_OFFSET;
    for (String part : parts) {
      for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
        h = (h ^ (b & 0xff)) * FNV_PRIME;
      }
      // a separator byte that UTF-8 never produces, so ("ab","c") and ("a","bc") differ
      h = (h ^ 0xff) * FNV_PRIME;
    }
    return mix(h);
  }

  /** Maps a hash to a uniform double in [0, 1). */
  static double unit(long hash) {
    return (hash >>> 11) * 0x1.0p-53;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += 0x9e3779b97f4a7c15L;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return unit(nextLong());
  }

  /** Uniform in [0, bound). */
  int nextInt(int bound) {
    return (int) Math.floorMod(nextLong(), (long) bound);
  }

  /** Uniform in [from, to). */
  double between(double from, double to) {
    return from + (to - from) * nextDouble();
  }

  /** One of the values, uniformly. */
  <T> T pick(List<T> values) {
    return values.get(nextInt(values.size()));
  }
}
