package io.modelroute.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Races {@code n} identical creates released at once by one latch. */
final class ConcurrentCreates {
  private ConcurrentCreates() {}

  /**
   * The answers of the creates that got one; a create that failed must have failed with the
   * retryable in-flight {@code CONFLICT} docs/concepts.md allows, nothing else.
   */
  static List<CreateOutcome> race(
      TestEngine t, Principal p, CreateExecution request, String key, int n)
      throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<CreateOutcome>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return t.modelRoute.executions().create(p, request, key, null);
                }));
      }
      go.countDown();
      List<CreateOutcome> answered = new ArrayList<>();
      for (Future<CreateOutcome> f : futures) {
        try {
          answered.add(f.get());
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(ModelRouteException.class);
          assertThat(((ModelRouteException) e.getCause()).code()).isEqualTo(ErrorCode.CONFLICT);
          assertThat(((ModelRouteException) e.getCause()).retryable()).isTrue();
        }
      }
      return answered;
    } finally {
      pool.shutdown();
    }
  }
}
