package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteConfig;
import io.modelroute.Money;
import io.modelroute.file.UploadRequest;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code modelroute admin org file-ttl} and {@code admin audit} against a local H2 data directory.
 */
class AdminFilesCommandTest {

  @Test
  void operatorsSetTheRetentionAndReadTheAuditTrail(@TempDir Path dataDir) {
    String fileId;
    String keyId;
    try (ModelRoute mr =
        ModelRoute.start(ModelRouteConfig.builder().dataDir(dataDir).startWorkers(false).build())) {
      var created = mr.organizations().create("acme", Money.parse("1.00"));
      var caller = mr.apiKeys().authenticate(created.key().secret());
      keyId = caller.keyId();
      var url = mr.files().requestUpload(caller, new UploadRequest("INPUT", null), "198.51.100.9");
      fileId = url.file().id();
      String token = url.path().substring(url.path().lastIndexOf('/') + 1);
      mr.files()
          .receiveUpload(
              token, 3, new ByteArrayInputStream(new byte[] {'a', 'b', 'c'}), "198.51.100.10");
    }
    Cli cli = new Cli();
    String dir = dataDir.toString();

    Cli.Result ttl = cli.run("admin", "org", "file-ttl", "acme", "30", "--data-dir", dir);
    assertThat(ttl.exitCode()).as(ttl.err()).isZero();
    assertThat(ttl.out()).contains("file ttl:     30 days");
    assertThat(cli.run("admin", "org", "file-ttl", "acme", "none", "--data-dir", dir).out())
        .contains("none (files are kept)");
    assertThat(cli.run("admin", "org", "file-ttl", "acme", "400", "--data-dir", dir).exitCode())
        .isEqualTo(4);
    assertThat(cli.run("admin", "org", "file-ttl", "acme", "soon", "--data-dir", dir).exitCode())
        .isEqualTo(2);

    Cli.Result audit = cli.run("admin", "audit", "--org", "acme", "--data-dir", dir);
    assertThat(audit.exitCode()).as(audit.err()).isZero();
    String[] lines = audit.out().split("\n");
    assertThat(lines[0]).startsWith("TIME").contains("ACTION").contains("IP");
    assertThat(lines[1])
        .contains("UPLOADED")
        .contains(fileId)
        .contains(keyId)
        .contains("198.51.100.10");
    assertThat(lines[2]).contains("UPLOAD_URL_ISSUED").contains("198.51.100.9");
    assertThat(
            cli.run("admin", "audit", "--file", fileId, "--limit", "1", "--data-dir", dir)
                .out()
                .split("\n"))
        .hasSize(2);
    assertThat(cli.run("admin", "audit", "--data-dir", dir).exitCode()).isEqualTo(2);
  }
}
