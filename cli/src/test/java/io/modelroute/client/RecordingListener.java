package io.modelroute.client;

import io.modelroute.api.Execution;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Writes down what an {@link ExecutionListener} hears, in order: {@code PENDING} for a status,
 * {@code 40%} for progress, {@code +text} for a chunk. {@link #firstStatus} opens at the first
 * status, i.e. once the stream is open and the server is sending.
 */
class RecordingListener implements ExecutionListener {
  final List<String> heard = new CopyOnWriteArrayList<>();
  final CountDownLatch firstStatus = new CountDownLatch(1);

  @Override
  public void onStatus(Execution execution) {
    heard.add(execution.status().name());
    firstStatus.countDown();
  }

  @Override
  public void onProgress(int percent) {
    heard.add(percent + "%");
  }

  @Override
  public void onDelta(String text) {
    heard.add("+" + text);
  }
}
