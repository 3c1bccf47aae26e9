package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local admin commands against a real H2 file database in a temporary data directory. */
class AdminCommandTest {
  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void anOperatorCreatesAndCreditsAnOrganizationAndTheLedgerChecksOut(@TempDir Path data) {
    Result created =
        run(
            "admin",
            "org",
            "create",
            "--name",
            "acme",
            "--credit",
            "25.00",
            "--data-dir",
            data.toString());
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out())
        .containsPattern("organization: org_[0-9a-f]{16}")
        .containsPattern("api key: +sk_[0-9a-f]{64}_[0-9a-f]{8}");

    Result credited = run("admin", "credit", "acme", "10.50", "--data-dir", data.toString());
    assertThat(credited.exit()).as(credited.err()).isZero();
    assertThat(credited.out()).contains("balance:      35.500");

    Result listed = run("admin", "org", "list", "--data-dir", data.toString());
    assertThat(listed.out()).contains("acme").contains("35.500");

    Result check = run("admin", "ledger-check", "--data-dir", data.toString());
    assertThat(check.exit()).isZero();
    assertThat(check.out()).contains("ledger OK");
  }

  @Test
  void adminMistakesGiveTheErrorCodeAndANonZeroExit(@TempDir Path data) {
    Result duplicate =
        run("admin", "org", "create", "--name", "acme", "--data-dir", data.toString());
    assertThat(duplicate.exit()).isZero();
    Result again = run("admin", "org", "create", "--name", "acme", "--data-dir", data.toString());
    assertThat(again.exit()).isEqualTo(4);
    assertThat(again.err()).contains("error: CONFLICT");
    Result badAmount = run("admin", "credit", "acme", "ten", "--data-dir", data.toString());
    assertThat(badAmount.exit()).isEqualTo(4);
    assertThat(badAmount.err()).contains("INPUT_VALIDATION_ERROR");
    Result unknown = run("admin", "credit", "nobody", "1.00", "--data-dir", data.toString());
    assertThat(unknown.exit()).isEqualTo(6);
  }
}
