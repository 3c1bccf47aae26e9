package io.modelroute.cli;

import io.modelroute.client.FakeTime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code modelroute} in-process with a settable environment and captures its output. */
final class Cli {
  final FakeTime time = new FakeTime();
  final Map<String, String> env = new HashMap<>();

  /** A CLI pointed at {@code url} with a valid-looking key in the environment. */
  static Cli against(String url) {
    Cli cli = new Cli();
    cli.env.put("MODELROUTE_URL", url);
    cli.env.put("MODELROUTE_API_KEY", TestKeys.KEY);
    return cli;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new CliEnvironment(env, time.clock, time, false),
            new PrintWriter(out),
            new PrintWriter(err),
            args);
    return new Result(code, out.toString(), err.toString());
  }

  record Result(int exitCode, String out, String err) {}
}
