package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.file.TestS3;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --file-store s3://…}: a wrong setting stops the start with one clear line, before
 * the database is touched, and never with a stack trace. Credentials come from the AWS default
 * chain; here its system properties, set around each run.
 */
class ServeFileStoreTest {
  @TempDir Path dataDir;

  Cli.Result serve(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "serve";
    all[1] = "--data-dir";
    all[2] = dataDir.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    return new Cli().run(all);
  }

  static <T> T withCredentials(String accessKey, String secretKey, Supplier<T> run) {
    System.setProperty("aws.accessKeyId", accessKey);
    System.setProperty("aws.secretAccessKey", secretKey);
    try {
      return run.get();
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  static void assertOneClearError(Cli.Result r, int exitCode, String message) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(exitCode);
    assertThat(r.err()).contains(message).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void aMalformedFileStoreIsAUsageError() {
    assertOneClearError(
        serve("--file-store", "s3://Not_A_Bucket"),
        ExitCodes.USAGE,
        "--file-store: S3 bucket name 'Not_A_Bucket' is not valid");
    assertOneClearError(
        serve("--file-store", "gs://bucket"),
        ExitCodes.USAGE,
        "an S3 file store is given as s3://bucket or s3://bucket/prefix, not 'gs://bucket'");
    assertOneClearError(
        serve("--file-store", "s3://bucket", "--s3-endpoint", "ftp://host"),
        ExitCodes.USAGE,
        "S3 endpoint must be an absolute http(s) URL: ftp://host");
    assertOneClearError(
        serve("--s3-endpoint", "http://127.0.0.1:9000"),
        ExitCodes.USAGE,
        "--s3-endpoint needs --file-store s3://bucket[/prefix]");
  }

  @Test
  void aMissingBucketOrWrongCredentialsStopTheStartNamingTheCause() {
    String endpoint = TestS3.endpoint().toString();
    Cli.Result missing =
        withCredentials(
            TestS3.ACCESS_KEY,
            TestS3.SECRET_KEY,
            () ->
                serve(
                    "--file-store",
                    "s3://no-such-bucket/mr",
                    "--s3-endpoint",
                    endpoint,
                    "--s3-path-style"));
    assertOneClearError(
        missing,
        ExitCodes.INTERNAL,
        "error: S3 file store s3://no-such-bucket/mr at "
            + endpoint
            + ": the bucket does not exist");

    String bucket = TestS3.newBucket();
    Cli.Result denied =
        withCredentials(
            TestS3.ACCESS_KEY,
            "wrong-secret",
            () ->
                serve(
                    "--file-store",
                    "s3://" + bucket,
                    "--s3-endpoint",
                    endpoint,
                    "--s3-path-style"));
    assertOneClearError(
        denied, ExitCodes.INTERNAL, "access denied: check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void anUnreachableEndpointStopsTheStart() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Cli.Result r =
        withCredentials(
            TestS3.ACCESS_KEY,
            TestS3.SECRET_KEY,
            () ->
                serve(
                    "--file-store",
                    "s3://bucket",
                    "--s3-endpoint",
                    "http://127.0.0.1:" + closedPort,
                    "--s3-path-style"));
    assertOneClearError(r, ExitCodes.INTERNAL, "is not reachable");
  }
}
