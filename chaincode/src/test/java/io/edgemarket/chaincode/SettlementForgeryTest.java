package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.SettlementResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Receipts nobody may be paid for: forged, altered, from strangers, or paid already. */
class SettlementForgeryTest {
  private final Market market = new Market();
  private final Work work = new Work(market).setUp();
  private final Rejections rejections = new Rejections(market, work);

  private void rejected(String code, Receipt bad) {
    rejections.rejected(code, bad);
  }

  @Test
  void aForgedProviderSignature() {
    rejected(ErrorCodes.BAD_SIGNATURE, Work.signedBy(market.provider2, work.receipt("forged", 0)));
  }

  @Test
  void aReceiptAlteredAfterSigning() {
    Receipt honest = work.receipt("altered", 0);
    Receipt altered =
        new Receipt(
            honest.ticket(),
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
    InvocationTicket genuine = work.ticket(market.consumer, "forged-ticket", 1_000_000);
    InvocationTicket forged =
        genuine.withSignature(
            java.util.Base64.getEncoder()
                .encodeToString(market.consumer2.sign(genuine.signingPayload())));
    rejected(ErrorCodes.BAD_SIGNATURE, work.receipt(market.provider, Work.OFFER, forged, 0));
  }

  @Test
  void unregisteredOrMiscastParties() {
    Identity unknownProvider = market.enroll("provider-x", Role.PROVIDER);
    rejected(
        ErrorCodes.NOT_REGISTERED,
        work.receipt(unknownProvider, Work.OFFER, work.ticket(market.consumer, "p-x", 9999), 0));
    rejected(
        ErrorCodes.NOT_REGISTERED,
        work.receipt(market.broker, Work.OFFER, work.ticket(market.consumer, "p-b", 9999), 0));
    Identity unknownConsumer = market.enroll("consumer-x", Role.CONSUMER);
    rejected(
        ErrorCodes.NOT_REGISTERED,
        work.receipt(market.provider, Work.OFFER, work.ticket(unknownConsumer, "c-x", 9999), 0));
  }

  @Test
  void aReceiptReplayedInALaterBatch() {
    market.fund(market.consumer, 10_000);
    Receipt once = work.receipt("once", 0);
    work.settle("first", once);
    rejected(ErrorCodes.DUPLICATE, once);
  }

  @Test
  void aReceiptRepeatedWithinOneBatch() {
    Receipt twice = work.receipt("twice", 0);
    market.fund(market.consumer, 10_000);
    SettlementResult result = Market.read(work.settle("b", twice, twice), SettlementResult.class);
    assertEquals(List.of("twice"), result.settled());
    assertEquals(ErrorCodes.DUPLICATE, result.rejected().get(0).code());
    assertEquals(10_000 - Rejections.GOOD, market.balance(market.consumer));
  }
}
