package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Records.Rejection;
import io.edgemarket.model.ledger.Records.SettlementResult;
import io.edgemarket.testing.InvocationSamples;
import java.util.List;

/**
 * Settles a bad receipt next to a good one and checks that the bad one is rejected with its own
 * code while exactly the good one moves money.
 */
final class Rejections {
  static final long GOOD = InvocationSamples.amount(0);

  private final Market market;

  Rejections(Market market) {
    this.market = market;
  }

  /** Settles {good, bad}; checks bad's code and that exactly the good receipt was paid. */
  void rejected(String code, Receipt bad) {
    market.fund(market.consumer, 1_000_000);
    long consumerBefore = market.balance(market.consumer);
    long providerBefore = market.balance(market.provider);
    String batchId = "batch-" + code + "-" + bad.invocationId();
    SettlementResult result =
        Market.read(
            market.settle(batchId, market.receipt("good-" + bad.invocationId(), 0), bad),
            SettlementResult.class);
    assertEquals(List.of("good-" + bad.invocationId()), result.settled());
    assertEquals(1, result.rejected().size());
    Rejection rejection = result.rejected().get(0);
    assertEquals(code, rejection.code(), rejection.message());
    assertEquals(bad.invocationId(), rejection.invocationId());
    assertEquals(GOOD, result.totalAmount());
    assertEquals(consumerBefore - GOOD, market.balance(market.consumer));
    assertEquals(providerBefore + GOOD - GOOD * 500 / 10_000, market.balance(market.provider));
    assertEquals(0, market.totalOfAllBalances());
    // Not stored by this batch (a replayed receipt stays recorded under its first batch).
    Records.ReceiptRecord stored =
        ReceiptIndex.find(market.begin(market.auditor).stub(), bad.invocationId());
    assertNotEquals(batchId, stored == null ? null : stored.batchId());
  }
}
