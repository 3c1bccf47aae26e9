package io.modelroute.file;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Keeps file bytes in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2, S3Proxy, …), one private
 * object per key, so that every node behind a load balancer sees the same files.
 *
 * <p>Writes stream: content shorter than one part ({@value #DEFAULT_PART_MB} MiB) is one {@code
 * PutObject}; longer content is a multipart upload sent part by part while it arrives, so one write
 * holds one part in memory, never the file. The bytes are counted and hashed (SHA-256) on the way;
 * past {@code maxBytes}, or on any failure, the multipart upload is aborted so no parts are left
 * behind. An object becomes visible only once complete ({@code PutObject} or {@code
 * CompleteMultipartUpload}). Reads from an offset are ranged {@code GetObject}s.
 *
 * <p>Objects are never made public and no presigned S3 URL is ever handed out: clients and
 * providers reach files only through ModelRoute's own signed URLs, which check expiry and deletion
 * and write the audit trail.
 *
 * <p>Build one with {@link #connect(S3Settings)} and pass it to {@code
 * ModelRouteConfig.Builder.fileStore} (docs/object-storage.md); close it after the {@code
 * ModelRoute}, which does not close it. Thread-safe.
 */
public final class S3FileStore implements FileStore, AutoCloseable {
  /** Default part size of multipart uploads, in MiB. */
  public static final int DEFAULT_PART_MB = 8;

  /** S3 refuses parts (other than the last) below 5 MiB. */
  static final int MIN_PART_BYTES = 5 * 1024 * 1024;

  /** S3 allows at most this many parts per upload; the part size grows for larger limits. */
  static final int MAX_PARTS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(S3FileStore.class);
  private static final int READ = 64 * 1024;

  private final S3Client s3;
  private final S3Settings settings;
  private final int partBytes;
  private final boolean ownsClient;

  /**
   * A store on a client the caller built and closes.
   *
   * @param partBytes the multipart part size, at least 5 MiB
   */
  public S3FileStore(S3Client client, S3Settings settings, int partBytes) {
    this(client, settings, partBytes, false);
  }

  private S3FileStore(S3Client client, S3Settings settings, int partBytes, boolean ownsClient) {
    this.s3 = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    if (partBytes < MIN_PART_BYTES) {
      throw new IllegalArgumentException("partBytes must be at least " + MIN_PART_BYTES);
    }
    this.partBytes = partBytes;
    this.ownsClient = ownsClient;
  }

  /**
   * Connects with credentials from the AWS SDK's default chain and checks that the bucket is there
   * and reachable ({@code HeadBucket}), so a wrong setting fails at startup, not at the first
   * upload. The store owns its client: close it when done.
   *
   * @throws IOException with a message naming the bucket and what went wrong
   */
  public static S3FileStore connect(S3Settings settings) throws IOException {
    return connect(settings, DefaultCredentialsProvider.builder().build());
  }

  /** {@link #connect(S3Settings)} with the given credentials. */
  public static S3FileStore connect(S3Settings settings, AwsCredentialsProvider credentials)
      throws IOException {
    S3Client client = client(settings, credentials);
    S3FileStore store = new S3FileStore(client, settings, DEFAULT_PART_MB * 1024 * 1024, true);
    try {
      store.check();
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e;
    }
    return store;
  }

  /**
   * An S3 client for {@code settings}: the JDK's HTTP client, checksums only where S3 requires them
   * (what S3-compatible servers accept; integrity is our own SHA-256).
   *
   * @throws IllegalArgumentException when no region can be found
   */
  public static S3Client client(S3Settings settings, AwsCredentialsProvider credentials) {
    S3ClientBuilder b =
        S3Client.builder()
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60))
                    .build())
            .credentialsProvider(credentials)
            .forcePathStyle(settings.pathStyle())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (settings.endpoint() != null) {
      b.endpointOverride(settings.endpoint());
    }
    String region = settings.region();
    if (region == null) {
      region = firstSet(System.getenv("AWS_REGION"), System.getenv("AWS_DEFAULT_REGION"));
    }
    if (region == null && settings.endpoint() != null) {
      region = "us-east-1";
    }
    if (region != null) {
      b.region(Region.of(region));
    }
    try {
      return b.build();
    } catch (SdkClientException e) {
      throw new IllegalArgumentException(
          "no S3 region for " + settings + ": set --s3-region (MODELROUTE_S3_REGION) or AWS_REGION",
          e);
    }
  }

  /** Checks that the bucket exists and the credentials may use it. */
  void check() throws IOException {
    try {
      s3.headBucket(HeadBucketRequest.builder().bucket(settings.bucket()).build());
    } catch (S3Exception e) {
      String why =
          switch (e.statusCode()) {
            case 404 -> "the bucket does not exist";
            case 403 ->
                "access denied: check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and that they may list the bucket";
            case 301, 400 ->
                "the bucket is in another region, or the endpoint is wrong: check --s3-region and --s3-endpoint";
            default -> "HTTP " + e.statusCode() + ": " + e.getMessage();
          };
      throw new IOException("S3 file store " + settings + ": " + why, e);
    } catch (SdkException e) {
      throw new IOException(
          "S3 file store " + settings + " is not reachable: " + e.getMessage(), e);
    }
  }

  /** Where this store keeps its objects. */
  public S3Settings settings() {
    return settings;
  }

  @Override
  public Written write(String key, InputStream in, long maxBytes) throws IOException {
    String objectKey = objectKey(key);
    int part = partSize(maxBytes);
    MessageDigest sha = sha256();
    Counter counter = new Counter(in, sha, maxBytes);
    // one byte more than the limit is enough to tell it was passed
    byte[] buf = new byte[maxBytes < part ? (int) Math.max(maxBytes, 0) + 1 : part];
    int n = counter.fill(buf);
    if (n < buf.length) {
      // all of it fits in one part: a single PutObject
      try {
        s3.putObject(
            PutObjectRequest.builder()
                .bucket(settings.bucket())
                .key(objectKey)
                .contentType("application/octet-stream")
                .build(),
            body(buf, n));
      } catch (SdkException e) {
        throw failure("storing", key, e);
      }
      return new Written(counter.total, HexFormat.of().formatHex(sha.digest()));
    }
    String uploadId;
    try {
      uploadId =
          s3.createMultipartUpload(
                  CreateMultipartUploadRequest.builder()
                      .bucket(settings.bucket())
                      .key(objectKey)
                      .contentType("application/octet-stream")
                      .build())
              .uploadId();
    } catch (SdkException e) {
      throw failure("starting the upload of", key, e);
    }
    try {
      List<CompletedPart> parts = new ArrayList<>();
      while (n > 0) {
        int number = parts.size() + 1;
        String etag =
            s3.uploadPart(
                    UploadPartRequest.builder()
                        .bucket(settings.bucket())
                        .key(objectKey)
                        .uploadId(uploadId)
                        .partNumber(number)
                        .contentLength((long) n)
                        .build(),
                    body(buf, n))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        n = n < buf.length ? 0 : counter.fill(buf);
      }
      s3.completeMultipartUpload(
          CompleteMultipartUploadRequest.builder()
              .bucket(settings.bucket())
              .key(objectKey)
              .uploadId(uploadId)
              .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())
              .build());
    } catch (IOException | RuntimeException | Error e) {
      abort(objectKey, uploadId, e);
      if (e instanceof SdkException sdk) {
        throw failure("storing", key, sdk);
      }
      throw e;
    }
    return new Written(counter.total, HexFormat.of().formatHex(sha.digest()));
  }

  @Override
  public InputStream open(String key, long offset) throws IOException {
    GetObjectRequest.Builder get =
        GetObjectRequest.builder().bucket(settings.bucket()).key(objectKey(key));
    if (offset > 0) {
      get.range("bytes=" + offset + "-");
    }
    try {
      return new Download(s3.getObject(get.build()));
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(key);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new NoSuchFileException(key);
      }
      if (e.statusCode() == 416 && offset > 0) {
        // the object is there, the offset at or past its end: nothing left to read
        return InputStream.nullInputStream();
      }
      throw failure("reading", key, e);
    } catch (SdkException e) {
      throw failure("reading", key, e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      s3.deleteObject(
          DeleteObjectRequest.builder().bucket(settings.bucket()).key(objectKey(key)).build());
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw failure("deleting", key, e);
      }
    } catch (SdkException e) {
      throw failure("deleting", key, e);
    }
  }

  @Override
  public boolean exists(String key) throws IOException {
    try {
      s3.headObject(
          HeadObjectRequest.builder().bucket(settings.bucket()).key(objectKey(key)).build());
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw failure("looking up", key, e);
    } catch (SdkException e) {
      throw failure("looking up", key, e);
    }
  }

  /** Closes the client when {@link #connect} made it. */
  @Override
  public void close() {
    if (ownsClient) {
      s3.close();
    }
  }

  /**
   * The part size for a limit: the configured one, or larger when 10,000 parts would not hold the
   * limit.
   */
  int partSize(long maxBytes) {
    long needed = (maxBytes + MAX_PARTS - 1) / MAX_PARTS;
    if (needed <= partBytes) {
      return partBytes;
    }
    long mib = 1024 * 1024;
    long rounded = (needed + mib - 1) / mib * mib;
    if (rounded > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxBytes too large for a multipart upload: " + maxBytes);
    }
    return (int) rounded;
  }

  String objectKey(String key) {
    if (key == null
        || !key.matches("[a-z0-9_/-]{1,200}")
        || key.contains("..")
        || key.startsWith("/")) {
      throw new IllegalArgumentException("illegal storage key");
    }
    return settings.objectKey(key);
  }

  private void abort(String objectKey, String uploadId, Throwable cause) {
    try {
      s3.abortMultipartUpload(
          AbortMultipartUploadRequest.builder()
              .bucket(settings.bucket())
              .key(objectKey)
              .uploadId(uploadId)
              .build());
    } catch (SdkException e) {
      cause.addSuppressed(e);
      LOG.warn(
          "could not abort the multipart upload {} of {}; a lifecycle rule on incomplete uploads"
              + " reclaims its parts",
          uploadId,
          objectKey,
          e);
    }
  }

  /**
   * A body over the first {@code n} bytes of {@code buf}, re-readable for retries, without copying.
   */
  private static RequestBody body(byte[] buf, int n) {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(buf, 0, n), n, "application/octet-stream");
  }

  private IOException failure(String what, String key, SdkException e) {
    return new IOException(
        "S3 file store " + settings + ": " + what + " " + key + " failed: " + e.getMessage(), e);
  }

  private static String firstSet(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads the content, counting and hashing it, and refuses more than {@code maxBytes}. */
  private static final class Counter {
    private final InputStream in;
    private final MessageDigest sha;
    private final long maxBytes;
    long total;

    Counter(InputStream in, MessageDigest sha, long maxBytes) {
      this.in = in;
      this.sha = sha;
      this.maxBytes = maxBytes;
    }

    /** Fills {@code buf} from the start; fewer bytes than its length means the content ended. */
    int fill(byte[] buf) throws IOException {
      int filled = 0;
      while (filled < buf.length) {
        int r = in.read(buf, filled, Math.min(READ, buf.length - filled));
        if (r < 0) {
          break;
        }
        total += r;
        if (total > maxBytes) {
          throw new TooLargeException(maxBytes);
        }
        sha.update(buf, filled, r);
        filled += r;
      }
      return filled;
    }
  }

  /**
   * The body of a GetObject. Closed before its end (a ranged download that got what it wanted, a
   * client gone away), it aborts the connection instead of draining the rest of the object.
   */
  private static final class Download extends FilterInputStream {
    private final ResponseInputStream<GetObjectResponse> response;
    private boolean ended;

    Download(ResponseInputStream<GetObjectResponse> response) {
      super(response);
      this.response = response;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      ended |= b < 0;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      ended |= n < 0;
      return n;
    }

    @Override
    public void close() throws IOException {
      if (!ended) {
        response.abort();
      }
      super.close();
    }
  }
}
