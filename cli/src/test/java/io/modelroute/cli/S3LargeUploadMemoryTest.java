package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.file.TestS3;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * {@link LargeUploadMemoryTest} with the bytes going to S3: a server JVM with {@value
 * LargeUploadMemoryTest#SERVER_HEAP} of heap, started with {@code --file-store s3://…} against the
 * S3 server of this test JVM (S3Proxy) and credentials in {@code AWS_ACCESS_KEY_ID}/{@code
 * AWS_SECRET_ACCESS_KEY}, streams a {@value #UPLOAD_MB} MB upload to the bucket as a multipart
 * upload, one 8 MiB part in memory at a time.
 */
class S3LargeUploadMemoryTest {
  static final int UPLOAD_MB = 300;

  @Test
  void aServerWith64MbOfHeapStreamsA300MbUploadToTheBucket(@TempDir Path dataDir) throws Exception {
    long size = UPLOAD_MB * 1024L * 1024L;
    String bucket = TestS3.newBucket();
    Process server =
        LargeUploadMemoryTest.startServer(
            dataDir,
            UPLOAD_MB + 10,
            Map.of(
                "AWS_ACCESS_KEY_ID", TestS3.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", TestS3.SECRET_KEY),
            "--file-store",
            "s3://" + bucket + "/big",
            "--s3-endpoint",
            TestS3.endpoint().toString(),
            "--s3-path-style");
    try {
      LargeUploadMemoryTest.Uploaded up =
          LargeUploadMemoryTest.upload(server, size, "S3 through a server");
      JsonNode file = up.file();

      assertThat(file.get("status").asText()).as(String.join("\n", up.log())).isEqualTo("READY");
      assertThat(file.get("size_bytes").asLong()).isEqualTo(size);
      assertThat(file.get("sha256").asText()).isEqualTo(up.body().sha256Hex());
      assertThat(server.isAlive()).isTrue();
      // one complete object under the prefix, no unfinished multipart upload
      var objects =
          TestS3.client()
              .listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).build())
              .contents()
              .stream()
              .filter(o -> !o.key().endsWith("/"))
              .toList();
      assertThat(objects)
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.key())
                    .startsWith("big/files/org_")
                    .endsWith("/" + file.get("id").asText());
                assertThat(o.size()).isEqualTo(size);
              });
      assertThat(
              TestS3.client()
                  .listMultipartUploads(
                      ListMultipartUploadsRequest.builder().bucket(bucket).build())
                  .uploads())
          .isEmpty();
      assertThat(up.log()).anyMatch(line -> line.startsWith("files: s3://" + bucket + "/big"));
    } finally {
      LargeUploadMemoryTest.stop(server);
    }
  }
}
