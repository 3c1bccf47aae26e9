package io.modelroute.webhook;

import io.modelroute.execution.internal.WebhookUrlPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.Dns;
import okhttp3.HttpUrl;

/**
 * Where webhook deliveries may go (docs/webhooks.md "URL safety"). Unless private networks are
 * allowed: the URL must be {@code https}, and every address its host resolves to must be public
 * (see {@link BlockedAddresses}). Cloud metadata addresses are refused even where private networks
 * are allowed: no receiver lives there. URLs are checked when registered and again before every
 * attempt, and the attempt connects only to the addresses that were checked ({@link Target#dns()}),
 * so a DNS answer that changes in between cannot redirect it. Thread-safe.
 */
final class EgressPolicy implements WebhookUrlPolicy {
  /** What OkHttp treats as an IP literal (and then connects to without asking its {@link Dns}). */
  private static final Pattern IP_LIKE = Pattern.compile("([0-9a-fA-F]*:[0-9a-fA-F:.]*)|([\\d.]+)");

  private static final Pattern DOTTED_QUAD =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  /** A URL refused by the policy; the message is safe to show to the endpoint's owner. */
  static class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /** A URL whose host does not resolve (now). */
  static final class Unresolvable extends Refused {
    Unresolvable(String host) {
      super("the host " + host + " does not resolve");
    }
  }

  /**
   * A checked destination: the URL and the addresses its host resolved to.
   *
   * @param addresses every address the host had when checked; the only ones connected to
   */
  record Target(HttpUrl url, List<InetAddress> addresses) {
    Target {
      addresses = List.copyOf(addresses);
    }

    /** Name resolution that answers only the checked host, with only the checked addresses. */
    Dns dns() {
      return hostname -> {
        if (hostname.equals(url.host())) {
          return addresses;
        }
        throw new UnknownHostException(hostname + " was not checked for webhook delivery");
      };
    }
  }

  private final boolean allowPrivateNetworks;
  private final Dns resolver;

  EgressPolicy(boolean allowPrivateNetworks, Dns resolver) {
    this.allowPrivateNetworks = allowPrivateNetworks;
    this.resolver = resolver;
  }

  boolean allowsPrivateNetworks() {
    return allowPrivateNetworks;
  }

  /**
   * The check at registration (and for a per-execution {@code webhook_url}). With private networks
   * allowed a host that does not resolve yet is accepted (a local receiver may not be up).
   */
  @Override
  public Optional<String> problem(String url) {
    try {
      vet(url);
      return Optional.empty();
    } catch (Unresolvable e) {
      return allowPrivateNetworks ? Optional.empty() : Optional.of(e.getMessage());
    } catch (Refused e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * Parses {@code url}, resolves its host and checks every address: the check before an attempt.
   */
  Target vet(String url) throws Refused {
    HttpUrl parsed = parse(url);
    String host = parsed.host();
    List<InetAddress> addresses;
    try {
      if (IP_LIKE.matcher(host).matches()) {
        if (!host.contains(":") && !DOTTED_QUAD.matcher(host).matches()) {
          throw new Refused("the host " + host + " is not a valid IP address");
        }
        addresses = List.of(InetAddress.getByName(host)); // a literal: no lookup happens
      } else {
        addresses = resolver.lookup(host);
      }
    } catch (UnknownHostException e) {
      throw new Unresolvable(host);
    }
    if (addresses.isEmpty()) {
      throw new Unresolvable(host);
    }
    for (InetAddress a : addresses) {
      Optional<String> reason = BlockedAddresses.reason(a);
      if (reason.isPresent()
          && (!allowPrivateNetworks || reason.get().equals(BlockedAddresses.METADATA))) {
        throw new Refused(
            "the host "
                + host
                + " resolves to "
                + reason.get()
                + " ("
                + a.getHostAddress()
                + "); webhooks are delivered to public addresses only");
      }
    }
    return new Target(parsed, addresses);
  }

  private HttpUrl parse(String url) throws Refused {
    if (url == null || url.isBlank()) {
      throw new Refused("a URL is required");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw new Refused("the URL must be at most " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Refused("not a valid URL: " + e.getReason());
    }
    String scheme =
        uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new Refused("the URL must be an absolute https URL");
    }
    if (scheme.equals("http") && !allowPrivateNetworks) {
      throw new Refused(
          "the URL must use https (plain http is allowed only with webhooks.allow-private-networks)");
    }
    if (uri.getHost() == null) {
      throw new Refused("the URL must name a valid host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new Refused(
          "the URL must not contain a user name or password; use custom headers for credentials");
    }
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new Refused("not a valid URL");
    }
    return parsed;
  }
}
