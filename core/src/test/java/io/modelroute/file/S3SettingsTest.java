package io.modelroute.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Reading {@code s3://bucket/prefix} and the settings around it, and the part size for a limit. */
class S3SettingsTest {
  @Test
  void aFileStoreUrlGivesBucketAndPrefixWithoutStraySlashes() {
    S3Settings s =
        S3Settings.parse("s3://my-bucket/modelroute/prod/", "http://minio:9000", " ", true);
    assertThat(s.bucket()).isEqualTo("my-bucket");
    assertThat(s.prefix()).isEqualTo("modelroute/prod");
    assertThat(s.endpoint()).isEqualTo(URI.create("http://minio:9000"));
    assertThat(s.region()).isNull();
    assertThat(s.objectKey("files/org_1/file_2")).isEqualTo("modelroute/prod/files/org_1/file_2");
    assertThat(s).hasToString("s3://my-bucket/modelroute/prod at http://minio:9000");

    S3Settings bare = S3Settings.parse("s3://bucket.example", (String) null, "eu-central-1", false);
    assertThat(bare.prefix()).isEmpty();
    assertThat(bare.objectKey("files/a/b")).isEqualTo("files/a/b");
    assertThat(bare).hasToString("s3://bucket.example (eu-central-1)");
  }

  @Test
  void malformedSettingsAreRefusedNamingWhatIsWrong() {
    assertThatThrownBy(() -> S3Settings.parse("bucket", "", null, false))
        .hasMessageContaining("s3://bucket or s3://bucket/prefix");
    assertThatThrownBy(() -> S3Settings.parse("s3://", "", null, false))
        .hasMessageContaining("bucket name ''");
    assertThatThrownBy(() -> S3Settings.parse("s3://ab", "", null, false))
        .hasMessageContaining("3-63");
    assertThatThrownBy(() -> S3Settings.parse("s3://b-1/a//b", "", null, false))
        .hasMessageContaining("key prefix");
    assertThatThrownBy(() -> S3Settings.parse("s3://b-1/a b", "", null, false))
        .hasMessageContaining("key prefix");
    assertThatThrownBy(() -> S3Settings.parse("s3://b-1", "minio:9000", null, false))
        .hasMessageContaining("absolute http(s) URL");
    assertThatThrownBy(() -> S3Settings.parse("s3://b-1", "", "Europe West", false))
        .hasMessageContaining("region 'Europe West'");
  }

  @Test
  void partsGrowOnlyWhenTenThousandWouldNotHoldTheLimit() {
    S3FileStore store = new S3FileStore(TestS3.client(), TestS3.newSettings(""), 8 * 1024 * 1024);
    assertThat(store.partSize(150L * 1024 * 1024)).isEqualTo(8 * 1024 * 1024);
    assertThat(store.partSize(80L * 1024 * 1024 * 1024)).isEqualTo(9 * 1024 * 1024);
    long tb = 1024L * 1024 * 1024 * 1024;
    assertThat((long) store.partSize(tb) * S3FileStore.MAX_PARTS).isGreaterThanOrEqualTo(tb);
    assertThatThrownBy(() -> new S3FileStore(TestS3.client(), TestS3.newSettings(""), 1024 * 1024))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
