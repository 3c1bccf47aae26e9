package io.modelroute.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FileUrlSignerTest {
  static final String FILE = "file_f47ac10b-58cc-4372-a567-0e02b2c3d479";
  static final Instant NOW = Instant.parse("2026-03-20T10:30:00Z");
  static final Instant LATER = NOW.plusSeconds(3600);
  final FileUrlSigner signer = new FileUrlSigner(new byte[32]);

  @Test
  void aTokenCarriesItsFileExpiryAndKey() {
    String token = signer.sign(FileUrlSigner.Kind.UPLOAD, FILE, LATER, "key_0123456789abcdef");
    var claims = signer.verify(FileUrlSigner.Kind.UPLOAD, token, NOW);
    assertThat(claims.fileId()).isEqualTo(FILE);
    assertThat(claims.expiresAt()).isEqualTo(LATER);
    assertThat(claims.keyId()).isEqualTo("key_0123456789abcdef");
    assertThat(token).matches("[A-Za-z0-9_.-]+");
  }

  @Test
  void aTokenWithoutKeyIsValidToo() {
    String token = signer.sign(FileUrlSigner.Kind.DOWNLOAD, FILE, LATER, null);
    assertThat(signer.verify(FileUrlSigner.Kind.DOWNLOAD, token, NOW).keyId()).isNull();
  }

  @Test
  void tamperedExpiredMalformedOrOtherKindTokensAreForbidden() {
    String token = signer.sign(FileUrlSigner.Kind.UPLOAD, FILE, LATER, "key_0123456789abcdef");
    String longer =
        token.replace(
            "." + LATER.getEpochSecond() + ".", "." + (LATER.getEpochSecond() + 86400) + ".");
    String otherFile = token.replace("d479", "d478");
    char last = token.charAt(token.length() - 1);
    String flipped = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    for (String bad :
        new String[] {longer, otherFile, flipped, "", "x", token + "x", "../../etc/passwd"}) {
      assertForbidden(() -> signer.verify(FileUrlSigner.Kind.UPLOAD, bad, NOW));
    }
    assertForbidden(() -> signer.verify(FileUrlSigner.Kind.DOWNLOAD, token, NOW));
    assertForbidden(() -> signer.verify(FileUrlSigner.Kind.UPLOAD, token, LATER));
    assertForbidden(
        () ->
            new FileUrlSigner(
                    new byte[] {
                      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                      23, 24, 25, 26, 27, 28, 29, 30, 31, 32
                    })
                .verify(FileUrlSigner.Kind.UPLOAD, token, NOW));
  }

  private static void assertForbidden(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(ModelRouteException.class)
        .extracting(e -> ((ModelRouteException) e).code())
        .isEqualTo(ErrorCode.FORBIDDEN);
  }
}
