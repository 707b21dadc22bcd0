package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.SettlementResult;
import io.edgemarket.testing.InvocationSamples;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A batch large enough that its signatures are verified ahead on every core ({@link
 * SignatureVerdicts}), with forgeries of each of the three signatures, a repeat and a stranger
 * among honest receipts: exactly the honest ones are paid, each forgery is refused with the code
 * and in the order a receipt-by-receipt check gives, and money is conserved.
 */
class SettlementWideBatchTest {
  private static final int SIZE = 64;

  private final Market market = new Market().trading();

  @Test
  void forgeriesInAWideBatchAreRefusedOneByOneAndTheRestPaid() {
    market.fund(market.consumer, 10_000_000);
    long consumerBefore = market.balance(market.consumer);
    List<Receipt> batch = new ArrayList<>();
    List<String> expectedRejections = new ArrayList<>();
    List<String> expectedSettled = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      String id = "wide-" + i;
      Receipt receipt;
      String code = null;
      switch (i % 16) {
        case 3 -> {
          receipt = InvocationSamples.signedBy(market.provider2, market.receipt(id, 0));
          code = ErrorCodes.BAD_SIGNATURE;
        }
        case 7 -> {
          InvocationTicket genuine = market.ticket(market.consumer, id, 1_000_000);
          InvocationTicket forged =
              genuine.withSignature(
                  Base64.getEncoder()
                      .encodeToString(market.consumer2.sign(genuine.signingPayload())));
          receipt = market.receipt(market.provider, Market.OFFER, forged, 0);
          code = ErrorCodes.BAD_SIGNATURE;
        }
        case 11 -> {
          InvocationTicket ticket = market.ticket(market.consumer, id, 1_000_000);
          Assignment genuine =
              InvocationSamples.assignment(market.broker, ticket, market.provider, Market.OFFER);
          Assignment forged =
              genuine.withSignature(
                  Base64.getEncoder()
                      .encodeToString(market.provider.sign(genuine.signingPayload())));
          receipt =
              InvocationSamples.receipt(
                  market.provider,
                  ticket,
                  forged,
                  InvocationSamples.PER_INVOCATION,
                  InvocationSamples.PER_MEGA_FUEL,
                  0);
          code = ErrorCodes.BAD_SIGNATURE;
        }
        case 13 -> {
          receipt = batch.get(i - 1); // the one just before, again
          code = ErrorCodes.DUPLICATE;
        }
        default -> receipt = market.receipt(id, 0);
      }
      batch.add(receipt);
      if (code == null) {
        expectedSettled.add(receipt.invocationId());
      } else {
        expectedRejections.add(receipt.invocationId() + ": " + code);
      }
    }

    SettlementResult result =
        Market.read(market.settle("wide", batch.toArray(Receipt[]::new)), SettlementResult.class);

    assertEquals(expectedSettled, result.settled());
    List<String> rejections =
        result.rejected().stream().map(r -> r.invocationId() + ": " + r.code()).toList();
    assertEquals(expectedRejections, rejections, "in batch order, with their codes");
    long paid = Rejections.GOOD * expectedSettled.size();
    assertEquals(paid, result.totalAmount());
    assertEquals(consumerBefore - paid, market.balance(market.consumer));
    assertEquals(0, market.totalOfAllBalances(), "double entry: every debit has its credit");
  }
}
