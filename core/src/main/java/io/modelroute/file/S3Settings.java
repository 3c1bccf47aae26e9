package io.modelroute.file;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Where an {@link S3FileStore} keeps its objects: a bucket, an optional key prefix, and how to
 * reach the service. Credentials are not part of it: they come from the AWS SDK's default chain
 * ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, {@code ~/.aws/credentials}, web
 * identity, container and instance roles). Give it to {@link S3FileStore#connect(S3Settings)}.
 * Immutable; safe to share.
 *
 * @param bucket the bucket, which must exist
 * @param prefix put before every key (with a {@code /}), e.g. {@code modelroute/prod}; empty for
 *     none
 * @param endpoint the service's URL for S3-compatible servers (MinIO, Ceph, R2, S3Proxy, …); null
 *     for AWS S3 itself
 * @param region the signing region; null to take {@code AWS_REGION} or the SDK's default chain, or
 *     {@code us-east-1} when an endpoint is set (what most S3-compatible servers expect)
 * @param pathStyle address the bucket as {@code endpoint/bucket/key} instead of {@code
 *     bucket.endpoint/key} (needed by most self-hosted servers)
 */
public record S3Settings(
    String bucket, String prefix, URI endpoint, String region, boolean pathStyle) {
  /** S3's bucket naming rule: 3–63 lower-case letters, digits, dots and hyphens. */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9!_.*'()/-]{0,200}");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,40}");

  /**
   * Checks the bucket name, prefix, endpoint and region; strips slashes around the prefix.
   *
   * @throws IllegalArgumentException naming the setting that is not valid
   */
  public S3Settings {
    if (bucket == null || !BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException(
          "S3 bucket name '"
              + bucket
              + "' is not valid: 3-63 lower-case letters, digits, dots and hyphens");
    }
    prefix = prefix == null ? "" : strip(prefix);
    if (!PREFIX.matcher(prefix).matches() || prefix.contains("//")) {
      throw new IllegalArgumentException(
          "S3 key prefix '"
              + prefix
              + "' is not valid: letters, digits and !_.*'()/- separated by single slashes, at most 200");
    }
    if (endpoint != null
        && (endpoint.getHost() == null
            || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
      throw new IllegalArgumentException(
          "S3 endpoint must be an absolute http(s) URL: " + endpoint);
    }
    if (region != null && region.isBlank()) {
      region = null;
    }
    if (region != null && !REGION.matcher(region.strip()).matches()) {
      throw new IllegalArgumentException(
          "S3 region '" + region + "' is not valid, e.g. eu-central-1");
    }
    region = region == null ? null : region.strip();
  }

  /**
   * Reads {@code s3://bucket} or {@code s3://bucket/prefix/…}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static S3Settings parse(String url, URI endpoint, String region, boolean pathStyle) {
    String u = url == null ? "" : url.strip();
    if (!u.startsWith("s3://")) {
      throw new IllegalArgumentException(
          "an S3 file store is given as s3://bucket or s3://bucket/prefix, not '" + url + "'");
    }
    String rest = u.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    return new S3Settings(bucket, prefix, endpoint, region, pathStyle);
  }

  /** {@link #parse(String, URI, String, boolean)} with the endpoint as text (blank for none). */
  public static S3Settings parse(String url, String endpoint, String region, boolean pathStyle) {
    URI e = null;
    if (endpoint != null && !endpoint.isBlank()) {
      try {
        e = new URI(endpoint.strip());
      } catch (URISyntaxException ex) {
        throw new IllegalArgumentException(
            "S3 endpoint must be an absolute http(s) URL: " + endpoint);
      }
    }
    return parse(url, e, region, pathStyle);
  }

  /** The object key of a store key: the prefix, a slash, the key. */
  String objectKey(String key) {
    return prefix.isEmpty() ? key : prefix + "/" + key;
  }

  /** {@code s3://bucket/prefix}, for messages. */
  @Override
  public String toString() {
    return "s3://"
        + bucket
        + (prefix.isEmpty() ? "" : "/" + prefix)
        + (endpoint == null ? "" : " at " + endpoint)
        + (region == null ? "" : " (" + region + ")");
  }

  private static String strip(String p) {
    String s = p.strip();
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
