package io.modelroute.cli;

/** A key of the right shape for tests (the mock server does not check it). */
final class TestKeys {
  static final String KEY = "sk_" + "ab".repeat(32) + "_0123abcd";

  private TestKeys() {}
}
