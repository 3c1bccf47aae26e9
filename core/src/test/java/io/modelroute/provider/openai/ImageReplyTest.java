package io.modelroute.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.ErrorCode;
import io.modelroute.provider.ProviderException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageReplyTest {
  /** A PNG signature and IHDR chunk start for a 4096 × 2048 image: 24 bytes, 32 base64 chars. */
  static final byte[] PNG_HEAD = {
    (byte) 0x89,
    'P',
    'N',
    'G',
    '\r',
    '\n',
    0x1A,
    '\n',
    0,
    0,
    0,
    13,
    'I',
    'H',
    'D',
    'R',
    0,
    0,
    0x10,
    0,
    0,
    0,
    0x08,
    0
  };

  /** {@code {"data":[{"b64_json":"<head><chars 'A'>"}]}}, generated while it is read. */
  static InputStream answer(long base64Chars) {
    InputStream prefix =
        new java.io.ByteArrayInputStream(
            ("{\"created\":1,\"data\":[{\"b64_json\":\""
                    + Base64.getEncoder().encodeToString(PNG_HEAD))
                .getBytes(StandardCharsets.US_ASCII));
    InputStream zeros =
        new InputStream() {
          long left = base64Chars;

          @Override
          public int read() {
            return left-- > 0 ? 'A' : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (left <= 0) {
              return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 'A');
            left -= n;
            return n;
          }
        };
    InputStream suffix =
        new java.io.ByteArrayInputStream("\"}]}".getBytes(StandardCharsets.US_ASCII));
    return new SequenceInputStream(Collections.enumeration(List.of(prefix, zeros, suffix)));
  }

  @Test
  void base64LongerThanJacksonsStringLimitIsDecodedWhileStreaming() throws Exception {
    long chars = 28_000_000; // above the parser's 20M-character string limit

    ImageReply reply = ImageReply.read(answer(chars));

    assertThat(reply.image().size()).isEqualTo(PNG_HEAD.length + chars / 4 * 3);
    assertThat(reply.image().format()).isEqualTo(new ImageFormat("image/png", "png", 4096, 2048));
  }

  @Test
  void imageLargerThanTheCapIsAGenerationFailure() {
    long chars = (ImageReply.MAX_IMAGE_BYTES / 3 + 1) * 4;

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> ImageReply.read(answer(chars)));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
  }
}
