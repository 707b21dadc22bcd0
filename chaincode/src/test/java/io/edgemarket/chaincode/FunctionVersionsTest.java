package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.testing.InvocationSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code functions:ListFunctionVersions}: every code a function was registered with. */
class FunctionVersionsTest {
  private final Market market = new Market();

  @Test
  void versionsAreListedOldestFirstEachAsFirstRegistered() {
    String id = market.registerFunction(market.consumer, "echo");
    String newer = Json.write(InvocationSamples.function("echo", "ab".repeat(32)));
    market.submit(market.consumer, ctx -> market.functions.registerFunction(ctx, newer));
    // The first code again: the latest once more, but its version keeps its first registration.
    market.registerFunction(market.consumer, "echo");
    List<FunctionSpec> versions = versions(id);
    assertEquals(
        List.of(InvocationSamples.DIGEST, "ab".repeat(32)),
        versions.stream().map(FunctionSpec::digest).toList());
    assertEquals(true, versions.get(0).registeredAt() < versions.get(1).registeredAt());
  }

  @Test
  void anyRegisteredParticipantMayReadThemAndAnUnknownFunctionIsNotFound() {
    String id = market.registerFunction(market.consumer, "echo");
    assertEquals(
        1,
        Json.read(
                market.evaluate(
                    market.provider, ctx -> market.functions.listFunctionVersions(ctx, id)),
                new TypeReference<List<FunctionSpec>>() {})
            .size());
    market.fails(
        ErrorCodes.NOT_FOUND,
        market.consumer,
        ctx -> market.functions.listFunctionVersions(ctx, market.consumer.id() + "/nope"));
  }

  private List<FunctionSpec> versions(String id) {
    return Json.read(
        market.evaluate(market.consumer, ctx -> market.functions.listFunctionVersions(ctx, id)),
        new TypeReference<List<FunctionSpec>>() {});
  }
}
