package io.modelroute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.http.Context;
import io.modelroute.Json;
import io.modelroute.execution.EventType;
import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionJson;
import io.modelroute.execution.ExecutionService;
import io.modelroute.execution.ExecutionWatch;
import io.modelroute.execution.JdbiExecutionStore.StoredEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution's Server-Sent Events stream (docs/concepts.md), resumable as the WHATWG HTML
 * standard describes: first {@code retry:} ({@link #RETRY_MS}), then {@code execution.state} with
 * the current execution object, then every outbox event in order (the webhook names and payloads,
 * with their {@code evt_} ids in the data), {@code progress} and {@code output.delta} as the
 * provider reports them, keep-alive comments every 15 s; it ends after the terminal event. Every
 * event carries an {@code id:} ({@link StreamPosition}); a request with {@code Last-Event-ID} gets
 * only what came after that event (no opening state), a stream that missed text while the execution
 * ran is sent the rest from the stored output before the terminal event, and once the terminal
 * event was delivered the answer is {@code 204 No Content}, which makes a standard EventSource
 * stop. No thread waits on it: writes happen when something changes. A client that goes away is
 * dropped at the next write.
 */
final class EventStream implements ExecutionWatch.Watcher {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  static final long KEEP_ALIVE_MS = 15_000;

  /** The reconnection time every stream starts with ({@code retry:}), in milliseconds. */
  static final int RETRY_MS = 3_000;

  static final String LAST_EVENT_ID = "Last-Event-ID";

  private final ExecutionService executions;
  private final String orgId;
  private final String executionId;
  private final OutputStream out;

  /** Whether the stream opened on an execution that had ended (its state has the whole result). */
  private boolean openedEnded;

  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private StreamPosition at;
  private long lastWrite = System.currentTimeMillis();
  private AutoCloseable registration;

  private EventStream(
      ExecutionService executions,
      String orgId,
      String executionId,
      OutputStream out,
      StreamPosition from) {
    this.executions = executions;
    this.orgId = orgId;
    this.executionId = executionId;
    this.out = out;
    this.at = from == null ? StreamPosition.START : from;
  }

  /**
   * For a {@code STREAMING} create, before anything is created: a garbled {@code Last-Event-ID} is
   * refused, and so is one without {@code Idempotency-Key} — a reconnecting client re-sends the
   * POST, and only the key makes that the same execution instead of a second one.
   */
  static void checkResume(Context ctx) {
    if (StreamPosition.parse(ctx.header(LAST_EVENT_ID)) != null
        && ctx.header("Idempotency-Key") == null) {
      throw StreamPosition.garbled(
          "resuming a STREAMING create with Last-Event-ID needs the Idempotency-Key "
              + "of the first request (or follow GET /v1/executions/{id}/events)");
    }
  }

  /**
   * Turns the response into the event stream of {@code executionId} (already checked to belong to
   * {@code orgId}) and parks the request until the stream ends; answers {@code 204} when the
   * request's {@code Last-Event-ID} is the terminal event or later, {@code 400} when it is not an
   * id of this execution's stream.
   */
  static void start(
      Context ctx,
      ExecutionService executions,
      ExecutionWatch watch,
      String orgId,
      String executionId,
      int status)
      throws IOException {
    StreamPosition from = StreamPosition.parse(ctx.header(LAST_EVENT_ID));
    if (from != null) {
      List<StoredEvent> history = executions.events(orgId, executionId, 0);
      if (from.seq() != 0 && history.stream().noneMatch(e -> e.seq() == from.seq())) {
        throw StreamPosition.garbled(
            "Last-Event-ID " + from.id() + " is not an event of this execution");
      }
      if (history.stream().anyMatch(e -> terminal(e) && e.seq() <= from.seq())) {
        ctx.status(204); // the terminal event was delivered: nothing more will come
        return;
      }
    }
    ctx.status(status);
    ctx.contentType("text/event-stream; charset=utf-8");
    ctx.header("Cache-Control", "no-cache");
    ctx.header("X-Accel-Buffering", "no");
    EventStream stream =
        new EventStream(executions, orgId, executionId, ctx.res().getOutputStream(), from);
    ctx.future(() -> stream.done.thenAccept(v -> {}));
    synchronized (stream) {
      // the current state first (not when resuming: the client has it); then progress and text
      // reported so far (replayed by watch) and everything after; then the outbox events,
      // including any that happened in between
      stream.write("retry: " + RETRY_MS + "\n\n");
      if (from == null) {
        Execution now = executions.get(orgId, executionId);
        // a STREAMING create asked for the text as it is made: it gets it even if the execution
        // ended before the stream opened; a late GET has it all in the opening state
        stream.openedEnded = now.status().isTerminal() && !"POST".equals(ctx.req().getMethod());
        stream.send("execution.state", Json.write(ExecutionJson.full(now)));
      }
      stream.registration = watch.watch(executionId, stream);
      stream.catchUp();
    }
  }

  private static boolean terminal(StoredEvent e) {
    return !e.type().equals(EventType.STARTED.wireName());
  }

  @Override
  public synchronized void changed() {
    catchUp();
  }

  @Override
  public synchronized void progress(int index, int percent) {
    if (index <= at.progress()) {
      return; // sent before this stream was resumed
    }
    at = at.withProgress(index);
    send("progress", Json.write(JsonNodeFactory.instance.objectNode().put("percent", percent)));
  }

  @Override
  public synchronized void delta(long offset, String text) {
    long end = offset + text.length();
    if (end <= at.text()) {
      return; // sent before this stream was resumed
    }
    String fresh = offset < at.text() ? text.substring((int) (at.text() - offset)) : text;
    sendText(fresh, end);
  }

  @Override
  public synchronized void tick() {
    if (!done.isDone() && System.currentTimeMillis() - lastWrite >= KEEP_ALIVE_MS) {
      write(": keep-alive\n\n");
    }
  }

  private void sendText(String text, long end) {
    at = at.withText(end);
    send("output.delta", Json.write(JsonNodeFactory.instance.objectNode().put("text", text)));
  }

  private void catchUp() {
    if (done.isDone()) {
      return;
    }
    for (StoredEvent e : executions.events(orgId, executionId, at.seq())) {
      if (terminal(e)) {
        sendMissedText(e);
      }
      at = at.withSeq(e.seq());
      send(e.type(), e.payloadJson());
      if (terminal(e)) {
        finish();
        return;
      }
    }
  }

  /**
   * Before the terminal event of a stream that followed the execution while it ran (or resumed such
   * a stream): the text it has not sent yet, from the stored output — the deltas are kept in memory
   * only while the execution runs, and another node's may arrive after the end was read.
   */
  private void sendMissedText(StoredEvent terminal) {
    if (openedEnded) {
      return; // a late joiner: the opening state already has the whole result
    }
    JsonNode text = Json.readTree(terminal.payloadJson()).path("data").path("result").path("text");
    if (text.isTextual() && text.asText().length() > at.text()) {
      String all = text.asText();
      sendText(all.substring((int) at.text()), all.length());
    }
  }

  private void send(String event, String data) {
    if (done.isDone()) {
      return;
    }
    write("id: " + at.id() + "\nevent: " + event + "\ndata: " + data + "\n\n");
  }

  private void write(String text) {
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
      lastWrite = System.currentTimeMillis();
    } catch (IOException | RuntimeException e) {
      LOG.debug("event stream client of {} went away", executionId);
      finish();
    }
  }

  private void finish() {
    if (registration != null) {
      try {
        registration.close();
      } catch (Exception ignored) {
        // nothing to release beyond the map entry
      }
    }
    done.complete(null);
  }
}
