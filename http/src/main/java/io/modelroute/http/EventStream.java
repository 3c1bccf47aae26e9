package io.modelroute.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.http.Context;
import io.modelroute.Json;
import io.modelroute.execution.ExecutionJson;
import io.modelroute.execution.ExecutionService;
import io.modelroute.execution.ExecutionWatch;
import io.modelroute.execution.JdbiExecutionStore.StoredEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution's Server-Sent Events stream (SPEC §4): first {@code execution.state} with the
 * current execution object, then every outbox event in order (the webhook names and payloads,
 * with their {@code evt_} ids), {@code progress} and {@code output.delta} as the provider reports
 * them, keep-alive comments every 15 s; it ends after the terminal event. No thread waits on it:
 * writes happen when something changes. A client that goes away is dropped at the next write.
 */
final class EventStream implements ExecutionWatch.Watcher {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  static final long KEEP_ALIVE_MS = 15_000;

  private final ExecutionService executions;
  private final String orgId;
  private final String executionId;
  private final OutputStream out;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private long lastSeq;
  private long lastWrite = System.currentTimeMillis();
  private AutoCloseable registration;

  private EventStream(ExecutionService executions, String orgId, String executionId, OutputStream out) {
    this.executions = executions;
    this.orgId = orgId;
    this.executionId = executionId;
    this.out = out;
  }

  /**
   * Turns the response into the event stream of {@code executionId} (already checked to belong to
   * {@code orgId}) and parks the request until the stream ends.
   */
  static void start(Context ctx, ExecutionService executions, ExecutionWatch watch, String orgId, String executionId,
      int status) throws IOException {
    ctx.status(status);
    ctx.contentType("text/event-stream; charset=utf-8");
    ctx.header("Cache-Control", "no-cache");
    ctx.header("X-Accel-Buffering", "no");
    EventStream stream = new EventStream(executions, orgId, executionId, ctx.res().getOutputStream());
    ctx.future(() -> stream.done.thenAccept(v -> { }));
    synchronized (stream) {
      // the current state first; then progress and text reported so far (replayed by watch) and
      // everything after; then the outbox events, including any that happened in between
      stream.send("execution.state", null, Json.write(ExecutionJson.full(executions.get(orgId, executionId))));
      stream.registration = watch.watch(executionId, stream);
      stream.catchUp();
    }
  }

  @Override
  public synchronized void changed() {
    catchUp();
  }

  @Override
  public synchronized void progress(int percent) {
    send("progress", null, Json.write(JsonNodeFactory.instance.objectNode().put("percent", percent)));
  }

  @Override
  public synchronized void delta(String text) {
    send("output.delta", null, Json.write(JsonNodeFactory.instance.objectNode().put("text", text)));
  }

  @Override
  public synchronized void tick() {
    if (!done.isDone() && System.currentTimeMillis() - lastWrite >= KEEP_ALIVE_MS) {
      write(": keep-alive\n\n");
    }
  }

  private void catchUp() {
    if (done.isDone()) {
      return;
    }
    for (StoredEvent e : executions.events(orgId, executionId, lastSeq)) {
      lastSeq = e.seq();
      send(e.type(), e.id(), e.payloadJson());
      if (!e.type().equals("execution.started")) {
        finish();
        return;
      }
    }
  }

  private void send(String event, String id, String data) {
    if (done.isDone()) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    if (id != null) {
      sb.append("id: ").append(id).append('\n');
    }
    sb.append("event: ").append(event).append('\n');
    sb.append("data: ").append(data).append("\n\n");
    write(sb.toString());
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
