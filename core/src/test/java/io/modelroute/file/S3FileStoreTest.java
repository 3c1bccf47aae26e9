package io.modelroute.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/** The {@link FileStore} contract on a real S3 server (S3Proxy, in this JVM). */
class S3FileStoreTest extends FileStoreContract {
  private S3Settings settings;

  @Override
  FileStore newStore() {
    S3FileStore s3 = TestS3.newStore();
    settings = s3.settings();
    return s3;
  }

  /**
   * Objects and unfinished multipart uploads in the bucket, and any file the server keeps for it.
   */
  @Override
  long leftovers() throws IOException {
    var client = TestS3.client();
    // the filesystem blob store lists the directories it made as objects ending in "/"
    long objects =
        client
            .listObjectsV2(ListObjectsV2Request.builder().bucket(settings.bucket()).build())
            .contents()
            .stream()
            .filter(o -> !o.key().endsWith("/"))
            .count();
    long uploads =
        client
            .listMultipartUploads(
                ListMultipartUploadsRequest.builder().bucket(settings.bucket()).build())
            .uploads()
            .size();
    long files;
    try (Stream<Path> s = Files.walk(TestS3.bucketDir(settings.bucket()))) {
      files = s.filter(Files::isRegularFile).count();
    }
    return Math.max(objects + uploads, files);
  }
}
