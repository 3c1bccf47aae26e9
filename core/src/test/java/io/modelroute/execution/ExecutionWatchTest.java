package io.modelroute.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Json;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExecutionWatchTest {
  @Test
  void aWatcherThatComesLateStillGetsTheProgressAndTextReportedSoFar() throws Exception {
    try (TestEngine t = TestEngine.start(Dialect.H2)) {
      Principal p = t.organization("1.00");
      String id =
          t.modelRoute
              .executions()
              .create(
                  p,
                  CreateExecution.of("test-slow", Json.readObject("{\"prompt\":\"x\"}")),
                  null,
                  null)
              .executionId();
      ExecutionWatch watch = t.modelRoute.watch();
      watch.progress(id, 10);
      watch.delta(id, "Hello, ");
      List<String> seen = new CopyOnWriteArrayList<>();
      try (AutoCloseable w =
          watch.watch(
              id,
              new ExecutionWatch.Watcher() {
                @Override
                public void changed() {}

                @Override
                public void progress(int percent) {
                  seen.add("progress " + percent);
                }

                @Override
                public void delta(String text) {
                  seen.add("delta " + text);
                }
              })) {
        watch.delta(id, "world");
        assertThat(seen).containsExactly("progress 10", "delta Hello, ", "delta world");
        t.modelRoute.executions().cancel(p.orgId(), id);
      }
      List<String> late = new CopyOnWriteArrayList<>();
      try (AutoCloseable w =
          watch.watch(
              id,
              new ExecutionWatch.Watcher() {
                @Override
                public void changed() {}

                @Override
                public void delta(String text) {
                  late.add(text);
                }
              })) {
        assertThat(late).as("a finished execution keeps nothing").isEmpty();
      }
    }
  }

  /**
   * Event stream ids count text characters and progress reports: what another node reports keeps
   * the offset and index that the running node counted (so a stream resumed on any node skips
   * exactly what it had), a repeat is not told twice, and a late watcher gets them too.
   */
  @Test
  void textAndProgressFromAnotherNodeKeepTheOffsetsAndIndexesTheRunningNodeCounted()
      throws Exception {
    try (TestEngine t = TestEngine.start(Dialect.H2)) {
      Principal p = t.organization("1.00");
      String id =
          t.modelRoute
              .executions()
              .create(
                  p,
                  CreateExecution.of("test-slow", Json.readObject("{\"prompt\":\"x\"}")),
                  null,
                  null)
              .executionId();
      ExecutionWatch watch = t.modelRoute.watch();
      List<String> seen = new CopyOnWriteArrayList<>();
      CountDownLatch told = new CountDownLatch(3);
      ExecutionWatch.Watcher recording =
          new ExecutionWatch.Watcher() {
            @Override
            public void changed() {}

            @Override
            public void progress(int index, int percent) {
              seen.add("progress #" + index + " " + percent);
              told.countDown();
            }

            @Override
            public void delta(long offset, String text) {
              seen.add("delta @" + offset + " " + text);
              told.countDown();
            }
          };
      try (AutoCloseable w = watch.watch(id, recording)) {
        watch.deltaElsewhere(id, 7, "world"); // this node missed "Hello, "
        watch.deltaElsewhere(id, 7, "world"); // heard twice
        watch.progressElsewhere(id, 3, 40);
        watch.deltaElsewhere(id, -1, "!"); // from an older node: appended
        assertThat(told.await(10, TimeUnit.SECONDS)).isTrue();
        watch.progress(id, 50);
        watch.delta(id, "?");
        assertThat(seen)
            .containsExactly(
                "delta @7 world", "progress #3 40", "delta @12 !", "progress #4 50", "delta @13 ?");
      }
      List<String> late = new CopyOnWriteArrayList<>();
      try (AutoCloseable w =
          watch.watch(
              id,
              new ExecutionWatch.Watcher() {
                @Override
                public void changed() {}

                @Override
                public void progress(int index, int percent) {
                  late.add("progress #" + index + " " + percent);
                }

                @Override
                public void delta(long offset, String text) {
                  late.add("delta @" + offset + " " + text);
                }
              })) {
        assertThat(late).containsExactlyElementsOf(seen);
      }
    }
  }

  /**
   * An event stream whose client stopped reading blocks in its write. It must block only itself:
   * the watch hears of changes on the threads that commit them (settlement writers, the claim
   * loop), so it must not run watchers there.
   */
  @Test
  void aStuckWatcherHoldsUpNeitherItsOwnExecutionNorAnyOther() throws Exception {
    try (TestEngine t = TestEngine.start(Dialect.H2)) {
      Principal p = t.organization("1.00");
      var input = Json.readObject("{\"prompt\":\"x\"}");
      String a =
          t.modelRoute
              .executions()
              .create(p, CreateExecution.of("test-slow", input), null, null)
              .executionId();
      String b =
          t.modelRoute
              .executions()
              .create(p, CreateExecution.of("test-slow", input), null, null)
              .executionId();
      CountDownLatch stuck = new CountDownLatch(1);
      CountDownLatch unblock = new CountDownLatch(1);
      try (AutoCloseable w =
          t.modelRoute
              .watch()
              .watch(
                  a,
                  () -> {
                    stuck.countDown();
                    try {
                      unblock.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  })) {
        CompletableFuture.runAsync(() -> t.modelRoute.executions().cancel(p.orgId(), a))
            .get(10, TimeUnit.SECONDS);
        assertThat(stuck.await(10, TimeUnit.SECONDS))
            .as("the watcher heard of the change")
            .isTrue();
        CompletableFuture.runAsync(() -> t.modelRoute.executions().cancel(p.orgId(), b))
            .get(10, TimeUnit.SECONDS);
        assertThat(t.modelRoute.executions().get(p.orgId(), b).status())
            .isEqualTo(ExecutionStatus.CANCELLED);
      } finally {
        unblock.countDown();
      }
    }
  }
}
