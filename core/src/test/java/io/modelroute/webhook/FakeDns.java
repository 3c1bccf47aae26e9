package io.modelroute.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Dns;

/**
 * Name resolution tests control: names answer what {@link #set} says, and every lookup is counted.
 */
final class FakeDns implements Dns {
  private final Map<String, List<InetAddress>> answers = new ConcurrentHashMap<>();
  final List<String> lookups = new CopyOnWriteArrayList<>();

  /** {@code host} resolves to {@code literals} (IP literals) from now on. */
  FakeDns set(String host, String... literals) {
    List<InetAddress> addresses = new ArrayList<>();
    for (String l : literals) {
      try {
        addresses.add(InetAddress.getByName(l));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(l, e);
      }
    }
    answers.put(host, List.copyOf(addresses));
    return this;
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    lookups.add(hostname);
    List<InetAddress> a = answers.get(hostname);
    if (a == null) {
      throw new UnknownHostException(hostname);
    }
    return a;
  }
}
