package io.modelroute.client;

import io.modelroute.api.Execution;

/**
 * What {@link ExecutionsApi#waitFor(String, java.time.Duration, ExecutionListener)} and {@link
 * ExecutionsApi#run} report while an execution runs. Every method is optional and is called on the
 * waiting thread, in the order the server sent things; a method that throws ends the wait with that
 * exception.
 *
 * <p>On the event stream, {@code onStatus} gets the current state first and then each lifecycle
 * event's execution; when the client has fallen back to polling it gets every polled state, so the
 * same status may repeat. Progress and text chunks only exist on the stream: a polled execution
 * never reports them, and chunks sent while the stream was reconnecting are not repeated (the final
 * text is in the result).
 */
public interface ExecutionListener {
  /** A listener that ignores everything. */
  ExecutionListener NONE = new ExecutionListener() {};

  /** The execution as the client last saw it (its status may be the same as before). */
  default void onStatus(Execution execution) {}

  /** The provider's progress report, 0–100. */
  default void onProgress(int percent) {}

  /** The next chunk of a streaming text model's output ({@code output.delta}). */
  default void onDelta(String text) {}
}
