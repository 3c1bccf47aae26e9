package io.modelroute.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 server for tests: S3Proxy on a random local port, started once per test JVM, keeping
 * objects in a temporary directory (jclouds' filesystem blob store), with AWS SigV4 authentication.
 * Each test takes a fresh bucket.
 */
public final class TestS3 {
  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key-0123456789";
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static volatile Server server;

  private TestS3() {}

  /** The running server. */
  record Server(S3Proxy proxy, URI endpoint, Path dir, S3Client client) {}

  /** Where the server listens, e.g. {@code http://127.0.0.1:41234}. */
  public static URI endpoint() {
    return server().endpoint();
  }

  /** The credentials the server accepts. */
  public static AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  /** A client of the server, shared; do not close it. */
  public static S3Client client() {
    return server().client();
  }

  /** Creates a new, empty bucket and returns its name. */
  public static String newBucket() {
    String name = "b" + BUCKETS.incrementAndGet() + "-" + ProcessHandle.current().pid();
    client().createBucket(CreateBucketRequest.builder().bucket(name).build());
    return name;
  }

  /** Settings for a new, empty bucket with key prefix {@code prefix}, path-style. */
  public static S3Settings newSettings(String prefix) {
    return new S3Settings(newBucket(), prefix, endpoint(), "us-east-1", true);
  }

  /** A store on a new, empty bucket under {@code mr/}, on the shared client. */
  public static S3FileStore newStore() {
    return new S3FileStore(client(), newSettings("mr"), S3FileStore.DEFAULT_PART_MB * 1024 * 1024);
  }

  /**
   * The object keys in {@code store}'s bucket (not the directories the filesystem blob store lists
   * too).
   */
  public static List<String> keys(S3FileStore store) {
    return client()
        .listObjectsV2(ListObjectsV2Request.builder().bucket(store.settings().bucket()).build())
        .contents()
        .stream()
        .map(S3Object::key)
        .filter(k -> !k.endsWith("/"))
        .toList();
  }

  /** How many multipart uploads in {@code store}'s bucket were neither completed nor aborted. */
  public static int pendingUploads(S3FileStore store) {
    return client()
        .listMultipartUploads(
            ListMultipartUploadsRequest.builder().bucket(store.settings().bucket()).build())
        .uploads()
        .size();
  }

  /** The directory the server keeps {@code bucket}'s objects in. */
  static Path bucketDir(String bucket) {
    return server().dir().resolve(bucket);
  }

  private static Server server() {
    Server s = server;
    if (s == null) {
      synchronized (TestS3.class) {
        s = server;
        if (s == null) {
          s = start();
          Server started = s;
          Runtime.getRuntime()
              .addShutdownHook(
                  new Thread(
                      () -> {
                        started.client().close();
                        try {
                          started.proxy().stop();
                          try (var files = Files.walk(started.dir())) {
                            files
                                .sorted(java.util.Comparator.reverseOrder())
                                .forEach(p -> p.toFile().delete());
                          }
                        } catch (Exception ignored) {
                          // the JVM is going away
                        }
                      }));
          server = s;
        }
      }
    }
    return s;
  }

  private static Server start() {
    try {
      Path dir = Files.createTempDirectory("modelroute-s3");
      Properties props = new Properties();
      props.setProperty("jclouds.filesystem.basedir", dir.toString());
      BlobStoreContext context =
          ContextBuilder.newBuilder("filesystem")
              .credentials("unused", "unused")
              .overrides(props)
              .build(BlobStoreContext.class);
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(context.getBlobStore())
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
              .build();
      proxy.start();
      URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
      S3Settings any = new S3Settings("any-bucket", "", endpoint, "us-east-1", true);
      return new Server(proxy, endpoint, dir, S3FileStore.client(any, credentials()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start S3Proxy", e);
    }
  }
}
