package io.modelroute.client;

import static org.assertj.core.api.Assertions.assertThat;

import okio.Buffer;
import org.junit.jupiter.api.Test;

class SseReaderTest {
  static SseReader reader(String text) {
    return new SseReader(new Buffer().writeUtf8(text));
  }

  @Test
  void readsIdEventAndDataAndSkipsComments() throws Exception {
    SseReader r =
        reader(": keep-alive\n\nid: evt_1\nevent: execution.started\ndata: {\"a\":1}\n\n");

    assertThat(r.next()).isEqualTo(new ServerSentEvent("evt_1", "execution.started", "{\"a\":1}"));
    assertThat(r.next()).isNull();
  }

  @Test
  void joinsDataLinesAndAcceptsCrLfAndFieldsWithoutASpace() throws Exception {
    SseReader r = reader("data:one\r\ndata: two\r\n\r\nevent:x\ndata\n\n");

    assertThat(r.next()).isEqualTo(new ServerSentEvent(null, "message", "one\ntwo"));
    assertThat(r.next()).isEqualTo(new ServerSentEvent(null, "x", ""));
  }

  @Test
  void anEventWithoutDataIsNotDispatchedAndItsFieldsDoNotLeak() throws Exception {
    SseReader r = reader("id: evt_1\nevent: ping\n\ndata: d\n\n");

    assertThat(r.next()).isEqualTo(new ServerSentEvent(null, "message", "d"));
  }

  @Test
  void anUnfinishedEventAtTheEndIsDroppedAndUnknownFieldsAreIgnored() throws Exception {
    SseReader r = reader("foo: bar\nretry: 1500\ndata: complete\n\ndata: cut off");

    assertThat(r.next().data()).isEqualTo("complete");
    assertThat(r.next()).isNull();
    assertThat(r.retryMillis()).isEqualTo(1500L);
  }
}
