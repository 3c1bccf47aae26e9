package io.modelroute.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.ErrorCode;
import io.modelroute.provider.ProviderException;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {
  private static ServerSentEvents events(String text) {
    return new ServerSentEvents(new Buffer().writeUtf8(text));
  }

  @Test
  void eventsAreSplitByBlankLinesWithNamesDataLinesJoinedAndCommentsSkipped() throws Exception {
    ServerSentEvents events =
        events(": keep-alive\n\nevent: error\ndata: {\"a\":\ndata:1}\nid: 7\n\ndata:x\r\n\r\n");

    assertThat(events.next()).isEqualTo(new ServerSentEvents.Event("error", "{\"a\":\n1}"));
    assertThat(events.next()).isEqualTo(new ServerSentEvents.Event("message", "x"));
    assertThat(events.next()).isNull();
  }

  @Test
  void lastEventWithoutATrailingBlankLineIsStillDelivered() throws Exception {
    ServerSentEvents events = events("data: [DONE]");

    assertThat(events.next()).isEqualTo(new ServerSentEvents.Event("message", "[DONE]"));
    assertThat(events.next()).isNull();
  }

  @Test
  void overlongLineFailsInsteadOfFillingMemory() {
    ServerSentEvents events =
        events("data: " + "x".repeat((int) ServerSentEvents.MAX_LINE) + "\n\n");

    ProviderException e = catchThrowableOfType(ProviderException.class, events::next);

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
  }
}
