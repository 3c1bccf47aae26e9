package io.modelroute.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.api.Execution;
import io.modelroute.api.ExecutionAccepted;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Follows one execution to its end for {@link ExecutionsApi#waitFor} and {@link ExecutionsApi#run}:
 * reads its event stream, reconnects when the stream drops before the terminal event, falls back to
 * polling {@code GET /v1/executions/{id}} when the stream is unavailable or keeps dropping without
 * news, and gives up at the deadline. One instance per wait; not thread-safe.
 *
 * <p>Why reconnecting is safe: every event the server sends carries an id (its position in the
 * stream), and a reconnect sends the last one as {@code Last-Event-ID}, so the server resumes after
 * it and nothing — not even a text chunk — is heard twice. A reconnect answered {@code 204} means
 * the terminal event was already delivered: the execution is read once. A server that refuses the
 * id ({@code 400}, e.g. an id from another server version) is asked again without it; it then
 * starts over with the current state and replays the lifecycle events, which are recognised by
 * their ids and not reported twice.
 */
final class ExecutionFollower {
  /** First interval between polls; it doubles up to {@link #MAX_POLL}. */
  static final Duration FIRST_POLL = Duration.ofMillis(500);

  static final Duration MAX_POLL = Duration.ofSeconds(5);

  /** Wait before reconnecting a stream that dropped; doubles with each fruitless reconnect. */
  static final Duration FIRST_RECONNECT = Duration.ofMillis(250);

  /** Stream attempts in a row that bring nothing new before the client polls instead. */
  static final int MAX_STREAM_FAILURES = 3;

  private final Transport transport;
  private final ExecutionListener listener;
  private final Duration timeout;
  private final Instant deadline;
  private final Set<String> seenEvents = new HashSet<>();
  private String executionId;
  private Execution last;
  private String lastEventId;
  private Long serverRetryMillis;

  ExecutionFollower(Transport transport, Duration timeout, ExecutionListener listener) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    this.transport = transport;
    this.listener = listener;
    this.timeout = timeout;
    this.deadline = transport.clock.instant().plus(timeout);
  }

  /** Follows the existing execution {@code id}. */
  Execution waitFor(String id) throws InterruptedException {
    executionId = id;
    return follow(null);
  }

  /**
   * Submits {@code body} in {@code STREAMING} mode and follows the execution from its first event.
   */
  Execution submitAndFollow(ObjectNode body, String idempotencyKey) throws InterruptedException {
    ObjectNode streaming = body.deepCopy().put("mode", "STREAMING");
    Request create =
        transport
            .request(transport.url("v1", "executions"))
            .header("Idempotency-Key", idempotencyKey)
            .header("Accept", "text/event-stream, application/json")
            .post(transport.json(streaming))
            .build();
    return follow(create);
  }

  private sealed interface Outcome {}

  private record Ended(Execution execution) implements Outcome {}

  /** The stream stopped before the terminal event; {@code news} if it brought anything new. */
  private record Dropped(boolean news) implements Outcome {}

  /** {@code 204} to a reconnect: the stream is over, its terminal event was delivered before. */
  private record Over() implements Outcome {}

  /** A 2xx that is not an event stream: a server that does not stream (or an accepted create). */
  private record NotAStream(JsonNode body) implements Outcome {}

  /** The request failed, or the stream carried something that is not the documented JSON. */
  private record Failed(ModelRouteApiException error) implements Outcome {}

  /** Thrown by {@link #handle} for an event whose data is not the documented JSON. */
  private static final class Garbled extends Exception {
    final ModelRouteApiException error;

    Garbled(ModelRouteApiException error) {
      super(error.getMessage(), null, false, false);
      this.error = error;
    }
  }

  private Execution follow(Request create) throws InterruptedException {
    int failures = 0;
    while (true) {
      Outcome outcome = readStream(executionId == null ? create : eventsRequest());
      if (outcome instanceof Ended ended) {
        return ended.execution();
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("interrupted while following " + executionId);
      }
      checkDeadline();
      if (outcome instanceof Over) {
        return poll(); // the terminal event was delivered before the drop: read the final execution
      }
      if (outcome instanceof Failed failed) {
        ModelRouteApiException e = failed.error();
        if (e.httpStatus() == 400 && executionId != null && lastEventId != null) {
          lastEventId = null; // the server cannot resume from that id: start the stream over
          failures++;
          continue;
        }
        if (executionId == null) {
          // The submit failed: it may be repeated (same Idempotency-Key), but there is nothing to
          // poll yet.
          retryOrThrow(e, failures);
          failures++;
          continue;
        }
        if (e.httpStatus() == 401 || e.httpStatus() == 403) {
          throw e;
        }
        failures++;
        Optional<Duration> delay =
            e.retryable() && failures < MAX_STREAM_FAILURES
                ? transport.retries.delay(failures - 1, e.retryAfter().orElse(null))
                : Optional.empty();
        if (delay.isEmpty()) {
          return poll(); // no such route, a garbled stream, or it keeps failing: ask for the state
          // instead
        }
        pause(delay.get());
        continue;
      }
      if (outcome instanceof NotAStream answer) {
        if (executionId != null) {
          return poll();
        }
        Execution done = accepted(answer.body());
        if (done != null) {
          return done;
        }
        continue; // the server accepted without streaming: follow it by id
      }
      failures = ((Dropped) outcome).news() ? 0 : failures + 1;
      if (failures >= MAX_STREAM_FAILURES) {
        if (executionId == null) {
          throw new ModelRouteApiException(
              0,
              "SERVICE_UNAVAILABLE",
              "the event stream of the new execution kept " + "breaking off before its first event",
              true,
              null,
              java.util.List.of(),
              null,
              null);
        }
        return poll();
      }
      pause(
          serverRetryMillis != null
              ? Duration.ofMillis(serverRetryMillis)
              : reconnectDelay(failures));
    }
  }

  /** Reads one connection's worth of events. */
  private Outcome readStream(Request request) {
    checkDeadline();
    Response opened;
    try {
      opened = transport.openStream(request, remaining());
    } catch (ModelRouteApiException e) {
      return new Failed(e);
    }
    try (Response response = opened) {
      if (response.code() == 204) {
        return new Over();
      }
      MediaType type = response.body().contentType();
      if (type == null || !"text".equals(type.type()) || !"event-stream".equals(type.subtype())) {
        String text;
        try {
          text = response.body().string();
        } catch (IOException e) {
          return new Dropped(false);
        }
        try {
          return new NotAStream(transport.parseSuccess(response.code(), text));
        } catch (ModelRouteApiException e) {
          return new Failed(e);
        }
      }
      SseReader reader = new SseReader(response.body().source());
      boolean news = false;
      try {
        ServerSentEvent event;
        while ((event = reader.next()) != null) {
          Optional<Boolean> handled = handle(event);
          if (handled.isEmpty()) {
            return new Ended(last);
          }
          news |= handled.get();
        }
      } catch (IOException e) {
        // dropped, or the call timeout fired at the deadline: the caller decides which
      } catch (Garbled e) {
        return new Failed(e.error);
      } finally {
        serverRetryMillis = reader.retryMillis();
      }
      return new Dropped(news);
    }
  }

  /**
   * Reports one event to the listener. Empty when it carried a terminal execution; otherwise
   * whether it was news (anything but the opening state, or an event seen before).
   */
  private Optional<Boolean> handle(ServerSentEvent event) throws Garbled {
    if (event.id() != null) {
      lastEventId = event.id(); // every numbered event is a position to resume after
    }
    switch (event.event()) {
      case "execution.state" -> {
        return saw(decodeEventExecution(parse(event.data())))
            ? Optional.empty()
            : Optional.of(false);
      }
      case "progress" -> {
        JsonNode percent = parse(event.data()).path("percent");
        if (percent.isNumber()) {
          listener.onProgress(percent.asInt());
        }
        return Optional.of(true);
      }
      case "output.delta" -> {
        JsonNode text = parse(event.data()).path("text");
        if (text.isTextual()) {
          listener.onDelta(text.asText());
        }
        return Optional.of(true);
      }
      default -> {
        if (!event.event().startsWith("execution.")) {
          return Optional.of(false); // an event type this client does not know
        }
        if (event.id() != null) {
          if (!seenEvents.add(event.id())) {
            return Optional.of(false); // replayed after a reconnect
          }
        }
        return saw(decodeEventExecution(parse(event.data()).path("data")))
            ? Optional.empty()
            : Optional.of(true);
      }
    }
  }

  /** Records and reports {@code e}; true when it is terminal. */
  private boolean saw(Execution e) {
    last = e;
    if (executionId == null) {
      executionId = e.id();
    }
    listener.onStatus(e);
    return e.isTerminal();
  }

  /** A create answered with JSON: the terminal execution, or null after noting the accepted id. */
  private Execution accepted(JsonNode body) {
    if (body.path("object").asText("").equals("execution") || body.has("input")) {
      Execution e = decodeExecution(body);
      if (saw(e)) {
        return e;
      }
      return null;
    }
    ExecutionAccepted accepted = transport.decode(body, ExecutionAccepted.class);
    executionId = accepted.id();
    return null;
  }

  private Execution poll() throws InterruptedException {
    Request get = transport.request(transport.url("v1", "executions", executionId)).build();
    Duration interval = FIRST_POLL;
    int failures = 0;
    while (true) {
      checkDeadline();
      JsonNode body;
      try {
        body = transport.send(get, false);
      } catch (ModelRouteApiException e) {
        retryOrThrow(e, failures);
        failures++;
        continue;
      }
      failures = 0;
      Execution e = decodeExecution(body);
      if (saw(e)) {
        return e;
      }
      pause(interval);
      interval =
          interval.multipliedBy(2).compareTo(MAX_POLL) <= 0 ? interval.multipliedBy(2) : MAX_POLL;
    }
  }

  /**
   * Waits before repeating a request that failed with {@code e}, as the retry policy says, or
   * throws {@code e}.
   */
  private void retryOrThrow(ModelRouteApiException e, int failures) throws InterruptedException {
    Optional<Duration> delay =
        e.retryable() && failures < transport.retries.maxRetries()
            ? transport.retries.delay(failures, e.retryAfter().orElse(null))
            : Optional.empty();
    if (delay.isEmpty()) {
      throw e;
    }
    pause(delay.get());
  }

  private Request eventsRequest() {
    Request.Builder b =
        transport
            .request(transport.url("v1", "executions", executionId, "events"))
            .header("Accept", "text/event-stream");
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    return b.build();
  }

  private JsonNode parse(String data) throws Garbled {
    try {
      return transport.parseSuccess(200, data);
    } catch (ModelRouteApiException e) {
      throw new Garbled(e);
    }
  }

  private Execution decodeEventExecution(JsonNode node) throws Garbled {
    try {
      return decodeExecution(node);
    } catch (ModelRouteApiException e) {
      throw new Garbled(e);
    }
  }

  private Execution decodeExecution(JsonNode node) {
    return transport.decode(node, Execution.class);
  }

  private static Duration reconnectDelay(int failures) {
    return FIRST_RECONNECT.multipliedBy(1L << Math.min(failures, 6));
  }

  private Duration remaining() {
    return Duration.between(transport.clock.instant(), deadline);
  }

  private void checkDeadline() {
    Duration left = remaining();
    if (left.isNegative() || left.isZero()) {
      throw new WaitTimeoutException(executionId, timeout, last);
    }
  }

  /** Sleeps {@code d}, or until the deadline if that comes first. */
  private void pause(Duration d) throws InterruptedException {
    Duration left = remaining();
    Duration nap = d.compareTo(left) <= 0 ? d : left;
    if (!nap.isNegative() && !nap.isZero()) {
      transport.sleeper.sleep(nap);
    }
    checkDeadline();
  }
}
