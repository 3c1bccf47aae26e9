package io.modelroute.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Json;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.Dialect;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ExecutionWatchTest {
  @Test
  void aWatcherThatComesLateStillGetsTheProgressAndTextReportedSoFar() throws Exception {
    try (TestEngine t = TestEngine.start(Dialect.H2)) {
      Principal p = t.organization("1.00");
      String id = t.modelRoute.executions().create(p,
          CreateExecution.of("test-slow", Json.readObject("{\"prompt\":\"x\"}")), null, null).executionId();
      ExecutionWatch watch = t.modelRoute.watch();
      watch.progress(id, 10);
      watch.delta(id, "Hello, ");
      List<String> seen = new CopyOnWriteArrayList<>();
      try (AutoCloseable w = watch.watch(id, new ExecutionWatch.Watcher() {
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
      try (AutoCloseable w = watch.watch(id, new ExecutionWatch.Watcher() {
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
}
