package io.edgemarket.broker.settle;

import static io.edgemarket.broker.settle.TestReceipts.receipt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Rejection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerAnswersTest {
  private final Receipt mine = receipt("mine");
  private final Receipt taken = receipt("taken");
  private final Receipt fresh = receipt("fresh");

  @Test
  void aDuplicateIsPaidOnlyWhenTheLedgerHoldsThisVeryReceipt() throws Exception {
    BatchOutcome outcome =
        LedgerAnswers.outcome(
            "batch-2",
            "root",
            List.of(mine, taken, fresh),
            List.of("fresh"),
            List.of(
                new Rejection("mine", ErrorCodes.DUPLICATE, "already settled"),
                new Rejection("taken", ErrorCodes.DUPLICATE, "already settled")),
            fresh.amount(),
            // The ledger paid "mine" in batch-1; under "taken" it holds another market's receipt.
            r -> r == mine ? Optional.of("batch-1") : Optional.empty());

    assertEquals(
        List.of(
            new BatchOutcome.Settled(
                "fresh", TestReceipts.CONSUMER.id(), fresh.amount(), "batch-2"),
            new BatchOutcome.Settled("mine", TestReceipts.CONSUMER.id(), mine.amount(), "batch-1")),
        outcome.settled());
    assertEquals(1, outcome.rejected().size());
    assertEquals("taken", outcome.rejected().get(0).invocationId());
    assertEquals(ErrorCodes.DUPLICATE, outcome.rejected().get(0).code());
    assertEquals(1, LedgerAnswers.alreadyPaid(outcome));
  }
}
