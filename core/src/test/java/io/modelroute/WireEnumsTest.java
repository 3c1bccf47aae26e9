package io.modelroute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The domain enums the engine works with and the wire enums of {@code modelroute-api} the server
 * writes and clients read are two types on purpose (the domain ones carry behaviour: transitions,
 * statuses, retryability), but they must name the same values: a value added to one and not the
 * other would be written by the server and unreadable by clients, or the reverse.
 */
class WireEnumsTest {
  @Test
  void everyDomainEnumWithAWireTwinNamesExactlyTheSameValues() {
    assertSameNames(io.modelroute.ErrorCode.class, io.modelroute.api.ErrorCode.class);
    assertSameNames(
        io.modelroute.execution.ExecutionStatus.class, io.modelroute.api.ExecutionStatus.class);
    assertSameNames(
        io.modelroute.execution.ExecutionMode.class, io.modelroute.api.ExecutionMode.class);
    assertSameNames(io.modelroute.auth.Permission.class, io.modelroute.api.Permission.class);
    assertSameNames(
        io.modelroute.webhook.DeliveryStatus.class, io.modelroute.api.DeliveryStatus.class);
    assertSameNames(io.modelroute.catalog.PricingUnit.class, io.modelroute.api.PricingUnit.class);
  }

  private static void assertSameNames(
      Class<? extends Enum<?>> domain, Class<? extends Enum<?>> wire) {
    assertThat(names(wire))
        .as(domain.getName() + " vs " + wire.getName())
        .containsExactlyInAnyOrderElementsOf(names(domain));
  }

  private static List<String> names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
  }
}
