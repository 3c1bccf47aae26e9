package io.modelroute.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Map;
import okhttp3.Dns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EgressPolicyTest {
  final FakeDns dns =
      new FakeDns()
          .set("hooks.example.com", "93.184.215.14")
          .set("v6.example.com", "2606:4700::1111")
          .set("internal.example", "10.0.0.1")
          .set("metadata.example", "169.254.169.254")
          .set("loopback.example", "127.0.0.1")
          .set("mixed.example", "93.184.215.14", "10.0.0.1");
  final EgressPolicy strict = new EgressPolicy(false, dns);
  final EgressPolicy dev = new EgressPolicy(true, dns);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://127.0.0.1/hook",
        "https://127.8.9.10/",
        "https://10.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://0.0.0.0/",
        "https://0.1.2.3/",
        "https://100.64.0.1/",
        "https://100.127.255.254/",
        "https://172.16.5.4/",
        "https://172.31.255.255/",
        "https://192.168.1.1/",
        "https://169.254.10.10/",
        "https://224.0.0.1/",
        "https://239.255.255.250/",
        "https://255.255.255.255/",
        "https://198.18.0.1/",
        "https://192.0.2.1/",
        "https://[::1]/",
        "https://[::]/",
        "https://[fd00:ec2::254]/",
        "https://[fc00::5]/",
        "https://[fe80::1]/",
        "https://[ff02::1]/",
        "https://[::ffff:10.0.0.1]/",
        "https://[::ffff:7f00:1]/",
        "https://[64:ff9b::a00:1]/",
        "https://[2002:7f00:1::]/",
        "https://[2001:0:4136:e378::1]/",
        "https://[2001:db8::1]/",
        "https://[::10.0.0.1]/",
        "https://internal.example/",
        "https://metadata.example/",
        "https://loopback.example:8443/x",
        "https://mixed.example/",
        "https://2130706433/",
        "https://0x7f.0.0.1/",
        "https://127.1/"
      })
  void privateLoopbackLinkLocalMetadataAndReservedDestinationsAreRefused(String url) {
    assertThat(strict.problem(url)).isPresent();
    assertThatThrownBy(() -> strict.vet(url)).isInstanceOf(EgressPolicy.Refused.class);
  }

  @Test
  void localhostIsRefusedThroughTheSystemResolverToo() {
    EgressPolicy system = new EgressPolicy(false, Dns.SYSTEM);
    assertThat(system.problem("https://localhost/hook")).get().asString().contains("loopback");
  }

  @Test
  void theReasonNamesTheKindOfAddress() {
    assertThat(strict.problem("https://169.254.169.254/"))
        .get()
        .asString()
        .contains("cloud metadata");
    assertThat(strict.problem("https://[fd00:ec2::254]/"))
        .get()
        .asString()
        .contains("cloud metadata");
    assertThat(strict.problem("https://internal.example/"))
        .get()
        .asString()
        .contains("internal.example")
        .contains("private")
        .contains("10.0.0.1");
    assertThat(strict.problem("https://100.64.1.1/"))
        .get()
        .asString()
        .contains("carrier-grade NAT");
    assertThat(strict.problem("https://[fe80::1]/")).get().asString().contains("link-local");
    assertThat(strict.problem("https://224.1.1.1/")).get().asString().contains("multicast");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://hooks.example.com/hook", "ftp://hooks.example.com/", "hooks.example.com/hook",
            "https:///hook",
        "https://user:secret@hooks.example.com/", "https://exa mple.com/",
            "https://nowhere.example/", ""
      })
  void plainHttpOtherSchemesCredentialsAndUnresolvableHostsAreRefused(String url) {
    assertThat(strict.problem(url)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://hooks.example.com/modelroute",
        "https://hooks.example.com:8443/a?b=c",
        "https://v6.example.com/",
        "https://93.184.215.14/hook",
        "https://[2606:4700::1111]/hook"
      })
  void publicHttpsDestinationsAreAccepted(String url) throws Exception {
    assertThat(strict.problem(url)).isEmpty();
    EgressPolicy.Target target = strict.vet(url);
    assertThat(target.addresses())
        .isNotEmpty()
        .allSatisfy(a -> assertThat(BlockedAddresses.reason(a)).isEmpty());
  }

  @Test
  void allowingPrivateNetworksAcceptsLocalReceiversPlainHttpAndNamesThatDoNotResolveYet()
      throws Exception {
    assertThat(dev.problem("http://127.0.0.1:9000/hooks")).isEmpty();
    assertThat(dev.problem("http://internal.example/")).isEmpty();
    assertThat(dev.problem("http://not-up-yet.local/")).isEmpty();
    assertThat(dev.vet("http://internal.example/").addresses())
        .extracting(InetAddress::getHostAddress)
        .containsExactly("10.0.0.1");
    assertThat(dev.problem("ftp://127.0.0.1/")).isPresent();
  }

  @Test
  void cloudMetadataAddressesAreRefusedEvenWherePrivateNetworksAreAllowed() {
    assertThat(dev.problem("http://169.254.169.254/latest/meta-data/"))
        .get()
        .asString()
        .contains("cloud metadata");
    assertThat(dev.problem("http://[fd00:ec2::254]/")).get().asString().contains("cloud metadata");
    assertThat(dev.problem("http://metadata.example/")).get().asString().contains("cloud metadata");
    assertThat(dev.problem("http://169.254.1.1/"))
        .as("other link-local addresses are fine in dev")
        .isEmpty();
  }

  @Test
  void aCheckedTargetResolvesOnlyItsHostAndOnlyToTheCheckedAddresses() throws Exception {
    EgressPolicy.Target target = strict.vet("https://hooks.example.com/x");
    dns.set("hooks.example.com", "127.0.0.1"); // the name changes after the check
    assertThat(target.dns().lookup("hooks.example.com"))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("93.184.215.14");
    assertThatThrownBy(() -> target.dns().lookup("elsewhere.example.com"))
        .isInstanceOf(UnknownHostException.class);
  }

  @Test
  void theCheckIsRepeatedBeforeEveryAttemptSoANameThatNowResolvesPrivatelyIsNotContacted() {
    FakeDns flipping = new FakeDns().set("flip.example", "93.184.215.14");
    EgressPolicy policy = new EgressPolicy(false, flipping);
    assertThat(policy.problem("https://flip.example/hook")).isEmpty(); // registration
    flipping.set("flip.example", "10.0.0.1");
    DeliverySender sender = new DeliverySender(policy, WebhookSettings.defaults());

    DeliverySender.Outcome outcome =
        sender.send(
            "https://flip.example/hook",
            Map.of(),
            "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
            "evt_1",
            "{}",
            Instant.now());

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.statusCode()).isNull();
    assertThat(outcome.error()).startsWith("refused: ").contains("10.0.0.1");
    sender.close();
  }

  @Test
  void theConnectionGoesToTheAddressThatWasCheckedEvenIfTheNameChangesRightAfter() {
    try (RecordingWebhookReceiver receiver = RecordingWebhookReceiver.started()) {
      int port = Integer.parseInt(receiver.url("").replaceAll(".*:", ""));
      // first answer: the receiver; any later answer: an address where nothing listens
      Dns rebinding =
          new Dns() {
            int calls;

            @Override
            public synchronized java.util.List<InetAddress> lookup(String host)
                throws UnknownHostException {
              return java.util.List.of(
                  InetAddress.getByName(calls++ == 0 ? "127.0.0.1" : "127.0.0.2"));
            }
          };
      DeliverySender sender =
          new DeliverySender(new EgressPolicy(true, rebinding), WebhookSettings.defaults());

      DeliverySender.Outcome outcome =
          sender.send(
              "http://rebind.example:" + port + "/hook",
              Map.of(),
              "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
              "evt_1",
              "{}",
              Instant.now());

      assertThat(outcome.statusCode()).isEqualTo(200);
      assertThat(receiver.requests()).hasSize(1);
      assertThat(receiver.requests().get(0).getHeaders().get("Host"))
          .isEqualTo("rebind.example:" + port);
      sender.close();
    }
  }
}
