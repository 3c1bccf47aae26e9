package io.modelroute.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.modelroute.Json;
import io.modelroute.db.internal.Database;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.TestDatabases;
import io.modelroute.internal.Ids;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalPayloadsTest {
  final SignalPayloads payloads = new SignalPayloads("node-a/1234");

  private static List<JsonNode> items(List<String> packed) {
    List<JsonNode> all = new ArrayList<>();
    for (String p : packed) {
      assertThat(p.getBytes(StandardCharsets.UTF_8).length)
          .isLessThan(SignalPayloads.MAX_PAYLOAD_BYTES + 1);
      JsonNode root = Json.readTree(p);
      assertThat(root.path("n").asText()).isEqualTo("node-a/1234");
      root.path("e").forEach(all::add);
    }
    return all;
  }

  @Test
  void aBatchTooLargeForOnePayloadIsSplitInOrderAndEveryPayloadStaysBelowPostgresLimit() {
    List<ArrayNode> batch = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String id = Ids.execution();
      ids.add(id);
      batch.add(SignalPayloads.item(i % 2 == 0 ? "t" : "s", id));
    }
    List<String> packed = payloads.pack(batch);
    assertThat(packed).hasSizeGreaterThan(1);
    assertThat(items(packed)).extracting(n -> n.path(1).asText()).containsExactlyElementsOf(ids);
  }

  @Test
  void longTextIsCutIntoPiecesThatFitEvenFullyEscapedAndNeverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDE00";
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      text.append(i % 3 == 0 ? "\u0001" : i % 3 == 1 ? emoji : "é\"");
    }
    long offset = 9_000_000_000_000L; // where the text starts in the execution's text
    List<ArrayNode> pieces = SignalPayloads.deltas("exec_1", offset, text.toString());
    assertThat(pieces).hasSizeGreaterThan(1);
    StringBuilder joined = new StringBuilder();
    for (ArrayNode piece : pieces) {
      assertThat(piece.path(3).asLong())
          .as("each piece says where it starts")
          .isEqualTo(offset + joined.length());
      String part = piece.path(2).asText();
      assertThat(Character.isHighSurrogate(part.charAt(part.length() - 1))).isFalse();
      List<String> one = payloads.pack(List.of(piece));
      assertThat(one).hasSize(1);
      joined.append(items(one).get(0).path(2).asText());
    }
    assertThat(joined.toString()).isEqualTo(text.toString());
  }

  @Test
  void postgresAcceptsTheLargestPayloadsInOneStatement() {
    try (Database db = TestDatabases.open(Dialect.POSTGRESQL)) {
      List<ArrayNode> batch = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        batch.add(SignalPayloads.item("t", Ids.execution()));
      }
      batch.addAll(SignalPayloads.deltas("exec_1", 9_000_000_000_000L, "\u0001".repeat(5000)));
      List<String> packed = payloads.pack(batch);
      db.jdbi().useTransaction(h -> SignalPayloads.send(h, packed));
    }
  }
}
