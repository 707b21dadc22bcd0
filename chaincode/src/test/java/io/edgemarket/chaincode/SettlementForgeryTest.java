package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.SettlementResult;
import io.edgemarket.testing.InvocationSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Receipts nobody may be paid for: forged, altered, from strangers, or paid already. */
class SettlementForgeryTest {
  private final Market market = new Market().trading();
  private final Rejections rejections = new Rejections(market);

  private void rejected(String code, Receipt bad) {
    rejections.rejected(code, bad);
  }

  @Test
  void aForgedProviderSignature() {
    rejected(
        ErrorCodes.BAD_SIGNATURE,
        InvocationSamples.signedBy(market.provider2, market.receipt("forged", 0)));
  }

  @Test
  void aReceiptAlteredAfterSigning() {
    Receipt honest = market.receipt("altered", 0);
    Receipt altered =
        new Receipt(
            honest.ticket(),
            honest.assignment(),
            honest.providerId(),
            honest.offerId(),
            honest.outputDigest(),
            honest.status(),
            honest.usage(),
            honest.pricePerInvocation(),
            honest.pricePerMegaFuel(),
            honest.amount(),
            honest.startedAt(),
            honest.finishedAt() + 1,
            honest.sequence(),
            honest.signature());
    rejected(ErrorCodes.BAD_SIGNATURE, altered);
  }

  @Test
  void aForgedTicket() {
    InvocationTicket genuine = market.ticket(market.consumer, "forged-ticket", 1_000_000);
    InvocationTicket forged =
        genuine.withSignature(
            java.util.Base64.getEncoder()
                .encodeToString(market.consumer2.sign(genuine.signingPayload())));
    rejected(ErrorCodes.BAD_SIGNATURE, market.receipt(market.provider, Market.OFFER, forged, 0));
  }

  @Test
  void unregisteredOrMiscastParties() {
    Identity unknownProvider = market.enroll("provider-x", Role.PROVIDER);
    rejected(
        ErrorCodes.NOT_REGISTERED,
        market.receipt(
            unknownProvider, Market.OFFER, market.ticket(market.consumer, "p-x", 9999), 0));
    rejected(
        ErrorCodes.NOT_REGISTERED,
        market.receipt(
            market.broker, Market.OFFER, market.ticket(market.consumer, "p-b", 9999), 0));
    Identity unknownConsumer = market.enroll("consumer-x", Role.CONSUMER);
    rejected(
        ErrorCodes.NOT_REGISTERED,
        market.receipt(
            market.provider, Market.OFFER, market.ticket(unknownConsumer, "c-x", 9999), 0));
  }

  @Test
  void aReceiptReplayedInALaterBatch() {
    market.fund(market.consumer, 10_000);
    Receipt once = market.receipt("once", 0);
    market.settle("first", once);
    rejected(ErrorCodes.DUPLICATE, once);
  }

  @Test
  void aReceiptRepeatedWithinOneBatch() {
    Receipt twice = market.receipt("twice", 0);
    market.fund(market.consumer, 10_000);
    SettlementResult result = Market.read(market.settle("b", twice, twice), SettlementResult.class);
    assertEquals(List.of("twice"), result.settled());
    assertEquals(ErrorCodes.DUPLICATE, result.rejected().get(0).code());
    assertEquals(10_000 - Rejections.GOOD, market.balance(market.consumer));
  }
}
