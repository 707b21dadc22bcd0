package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.ProvenReceipt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code functions:RetireFunction}: only the owner, once; runs already made still settle. */
class FunctionRetirementTest {
  private final Market market = new Market().trading();
  private final String echo = FunctionSpec.idOf(market.consumer.id(), "echo");

  @Test
  void theOwnerRetiresItsFunctionAndTheRecordSaysWhen() {
    FunctionSpec retired =
        Market.read(
            market.submit(market.consumer, ctx -> market.functions.retireFunction(ctx, echo)),
            FunctionSpec.class);
    assertEquals(market.now(), retired.retiredAt());
    FunctionSpec stored = get(echo);
    assertEquals(retired, stored);
    List<FunctionSpec> listed =
        Json.read(
            market.evaluate(
                market.consumer, ctx -> market.functions.listFunctions(ctx, market.consumer.id())),
            new TypeReference<List<FunctionSpec>>() {});
    assertEquals(List.of(retired), listed);
  }

  @Test
  void anotherConsumerCannotRetireSomeoneElsesFunction() {
    // The attack: consumer-2 names consumer-1's function to stop consumer-1's service.
    market.fails(
        ErrorCodes.FORBIDDEN, market.consumer2, ctx -> market.functions.retireFunction(ctx, echo));
    market.fails(
        ErrorCodes.FORBIDDEN, market.admin, ctx -> market.functions.retireFunction(ctx, echo));
    assertNull(get(echo).retiredAt(), "the record is untouched");
    // consumer-2's own function of the same name is its own to retire.
    String theirs = FunctionSpec.idOf(market.consumer2.id(), "echo");
    market.submit(market.consumer2, ctx -> market.functions.retireFunction(ctx, theirs));
    assertNull(get(echo).retiredAt());
  }

  @Test
  void unknownAndAlreadyRetiredFunctionsAreRefusedWithTheirCodes() {
    market.fails(
        ErrorCodes.NOT_FOUND,
        market.consumer,
        ctx -> market.functions.retireFunction(ctx, market.consumer.id() + "/nope"));
    market.fails(
        ErrorCodes.BAD_REQUEST, market.consumer, ctx -> market.functions.retireFunction(ctx, ""));
    market.submit(market.consumer, ctx -> market.functions.retireFunction(ctx, echo));
    long first = get(echo).retiredAt();
    market.fails(
        ErrorCodes.FUNCTION_RETIRED,
        market.consumer,
        ctx -> market.functions.retireFunction(ctx, echo));
    assertEquals(first, get(echo).retiredAt(), "the first retirement stands");
  }

  @Test
  void aRunMadeBeforeRetirementStillSettles() {
    market.fund(market.consumer, 100_000);
    Receipt ran = market.receipt("inv-before", 1000);
    market.submit(market.consumer, ctx -> market.functions.retireFunction(ctx, echo));
    market.settle("batch-1", ran);
    ProvenReceipt proven =
        Market.read(
            market.evaluate(market.consumer, ctx -> market.audit.getReceipt(ctx, "inv-before")),
            ProvenReceipt.class);
    assertEquals(ran, proven.receipt());
  }

  @Test
  void registeringTheNameAgainMakesItLive() {
    market.submit(market.consumer, ctx -> market.functions.retireFunction(ctx, echo));
    market.registerFunction(market.consumer, "echo");
    assertNull(get(echo).retiredAt());
  }

  private FunctionSpec get(String id) {
    return Market.read(
        market.evaluate(market.consumer, ctx -> market.functions.getFunction(ctx, id)),
        FunctionSpec.class);
  }
}
