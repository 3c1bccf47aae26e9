package io.modelroute.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentDetectorTest {

  @Test
  void everyKindTheIssueNamesIsRecognisedFromItsBytesAlone() {
    Map<byte[], String> samples = new LinkedHashMap<>();
    samples.put(TestFiles.png(), "image/png");
    samples.put(TestFiles.jpeg(), "image/jpeg");
    samples.put(TestFiles.gif(), "image/gif");
    samples.put(TestFiles.webp(), "image/webp");
    samples.put(TestFiles.wav(), "audio/wav");
    samples.put(TestFiles.mp3(), "audio/mpeg");
    samples.put(TestFiles.mp4(), "video/mp4");
    samples.put(TestFiles.webm(), "video/webm");
    samples.put(TestFiles.pdf(), "application/pdf");
    samples.put(TestFiles.text(), "text/plain");
    samples.forEach(
        (bytes, type) -> assertThat(ContentDetector.detect(bytes)).as(type).isEqualTo(type));
  }

  @Test
  void utf8TextIsPlainTextAndUnrecognisedBinaryIsOctetStream() {
    assertThat(ContentDetector.detect("héllo wörld ✓\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("text/plain");
    byte[] noise = new byte[4096];
    new java.util.Random(7).nextBytes(noise);
    assertThat(ContentDetector.detect(noise)).isEqualTo("application/octet-stream");
    assertThat(ContentDetector.detect(new byte[0])).isEqualTo("application/octet-stream");
  }

  @Test
  void theHeadStreamKeepsOnlyTheFirstBytesOfALongStream() throws IOException {
    byte[] png = TestFiles.png();
    byte[] big = Arrays.copyOf(png, 1_000_000);
    ContentDetector.Head head = new ContentDetector.Head(new ByteArrayInputStream(big));
    byte[] buf = new byte[7919];
    long total = 0;
    for (int n; (n = head.read(buf)) != -1; ) {
      total += n;
    }
    assertThat(total).isEqualTo(big.length);
    assertThat(head.bytes()).hasSize(ContentDetector.HEAD_BYTES).startsWith(Arrays.copyOf(png, 64));
    assertThat(ContentDetector.detect(head.bytes())).isEqualTo("image/png");
  }

  @Test
  void aShortStreamIsKeptWhole() throws IOException {
    InputStream in = new ContentDetector.Head(new ByteArrayInputStream(TestFiles.text()));
    in.readAllBytes();
    assertThat(((ContentDetector.Head) in).bytes()).isEqualTo(TestFiles.text());
  }
}
