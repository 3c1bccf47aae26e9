package io.modelroute.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The addresses webhook deliveries must never reach unless private networks are allowed:
 * unspecified, loopback, private (RFC 1918, IPv6 unique-local), carrier-grade NAT, link-local,
 * cloud metadata, multicast, documentation, benchmarking and reserved ranges. IPv6 forms that embed
 * an IPv4 address (mapped, NAT64, 6to4) are judged by that address; Teredo and the deprecated
 * IPv4-compatible form are refused outright.
 */
final class BlockedAddresses {
  private record Range(byte[] network, int bits, String reason) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  /**
   * The reason given for cloud metadata addresses, which are refused even where private networks
   * are allowed.
   */
  static final String METADATA = "a cloud metadata address";

  // Order matters: the first match names the reason (metadata before link-local / unique-local).
  private static final List<Range> RANGES =
      List.of(
          range("169.254.169.254", 32, METADATA),
          range("fd00:ec2::254", 128, METADATA),
          range("0.0.0.0", 8, "an unspecified address"),
          range("10.0.0.0", 8, "a private address"),
          range("100.64.0.0", 10, "a carrier-grade NAT address"),
          range("127.0.0.0", 8, "a loopback address"),
          range("169.254.0.0", 16, "a link-local address"),
          range("172.16.0.0", 12, "a private address"),
          range("192.0.0.0", 24, "a reserved address"),
          range("192.0.2.0", 24, "a documentation address"),
          range("192.88.99.0", 24, "a reserved address"),
          range("192.168.0.0", 16, "a private address"),
          range("198.18.0.0", 15, "a benchmarking address"),
          range("198.51.100.0", 24, "a documentation address"),
          range("203.0.113.0", 24, "a documentation address"),
          range("224.0.0.0", 4, "a multicast address"),
          range("240.0.0.0", 4, "a reserved address"),
          range("::", 128, "an unspecified address"),
          range("::1", 128, "a loopback address"),
          range("::", 96, "a reserved address"),
          range("64:ff9b:1::", 48, "a reserved address"),
          range("100::", 64, "a reserved address"),
          range("2001::", 32, "a Teredo tunnel address"),
          range("2001:db8::", 32, "a documentation address"),
          range("fc00::", 7, "a private address"),
          range("fe80::", 10, "a link-local address"),
          range("fec0::", 10, "a site-local address"),
          range("ff00::", 8, "a multicast address"));

  private BlockedAddresses() {}

  /** Why {@code address} is refused ("a loopback address", …), or empty when it is public. */
  static Optional<String> reason(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address) {
      Optional<byte[]> embedded = embeddedIpv4(bytes);
      if (embedded.isPresent()) {
        return reasonFor(embedded.get());
      }
    }
    return reasonFor(bytes);
  }

  private static Optional<String> reasonFor(byte[] bytes) {
    for (Range r : RANGES) {
      if (r.contains(bytes)) {
        return Optional.of(r.reason());
      }
    }
    return Optional.empty();
  }

  /** The IPv4 address inside an IPv4-mapped, NAT64 or 6to4 IPv6 address. */
  private static Optional<byte[]> embeddedIpv4(byte[] v6) {
    if (allZero(v6, 0, 10) && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff) {
      return Optional.of(slice(v6, 12)); // ::ffff:a.b.c.d
    }
    if ((v6[0] & 0xff) == 0x00
        && (v6[1] & 0xff) == 0x64
        && (v6[2] & 0xff) == 0xff
        && (v6[3] & 0xff) == 0x9b
        && allZero(v6, 4, 12)) {
      return Optional.of(slice(v6, 12)); // 64:ff9b::a.b.c.d
    }
    if ((v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x02) {
      return Optional.of(slice(v6, 2)); // 2002:aabb:ccdd::/48
    }
    return Optional.empty();
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] slice(byte[] b, int from) {
    return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
  }

  private static Range range(String literal, int bits, String reason) {
    try {
      InetAddress a = InetAddress.getByName(literal); // a literal: no lookup happens
      byte[] bytes = a.getAddress();
      if (a instanceof Inet4Address && literal.contains(":")) {
        throw new IllegalStateException("IPv6 range parsed as IPv4: " + literal);
      }
      return new Range(bytes, bits, reason);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
