package io.edgemarket.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.Usage;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Identity;
import java.util.Base64;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A broker (or provider) that lies about an invocation is caught before the caller sees it. */
class AnswerVerificationTest extends ClientFixture {

  static InvocationResult with(
      InvocationResult r,
      byte[] output,
      Receipt receipt,
      long cost,
      InvocationResult.Status status) {
    return new InvocationResult(
        r.invocationId(),
        status,
        output,
        r.error(),
        receipt,
        cost,
        r.providerId(),
        r.settlement(),
        r.batchId());
  }

  static InvocationResult withReceipt(InvocationResult r, Receipt receipt) {
    return with(r, r.output(), receipt, receipt == null ? r.cost() : receipt.amount(), r.status());
  }

  /** A receipt with other terms, validly signed by {@code signer}. */
  static Receipt signed(Identity signer, Receipt r, long pricePerInvocation, long amount) {
    Receipt changed =
        new Receipt(
            r.ticket(),
            r.assignment(),
            signer.id(),
            r.offerId(),
            r.outputDigest(),
            r.status(),
            new Usage(r.usage().fuel(), 1, 1),
            pricePerInvocation,
            r.pricePerMegaFuel(),
            amount,
            r.startedAt(),
            r.finishedAt(),
            r.sequence(),
            null);
    return changed.withSignature(
        Base64.getEncoder().encodeToString(signer.sign(changed.signingPayload())));
  }

  void assertRejected(UnaryOperator<InvocationResult> lie, String why) throws Exception {
    deploy("echo");
    broker.invocations.tamper = lie;
    InvocationException e =
        assertThrows(
            InvocationException.class,
            () -> client.invoke("echo", utf8("in"), InvokeOptions.defaults()));
    assertEquals(EdgeMarketException.VERIFICATION_FAILED, e.code());
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @Test
  void outputOtherThanTheReceiptsDigest() throws Exception {
    assertRejected(r -> with(r, utf8("out"), r.receipt(), r.cost(), r.status()), "output digest");
  }

  @Test
  void receiptForAnotherTicket() throws Exception {
    assertRejected(
        r -> {
          InvocationTicket other =
              market.ticket(
                  r.invocationId(),
                  r.receipt().ticket().functionId(),
                  r.receipt().ticket().functionDigest(),
                  utf8("in"),
                  1_000_000);
          return withReceipt(r, market.receipt(other, r.output(), Receipt.OK, 1));
        },
        "not for the ticket we signed");
  }

  @Test
  void amountItsUsageDoesNotJustify() throws Exception {
    assertRejected(
        r -> withReceipt(r, signed(market.provider, r.receipt(), 10, 4_000)), "usage costs");
  }

  @Test
  void amountOverTheTicketsCeiling() throws Exception {
    assertRejected(
        r -> withReceipt(r, signed(market.provider, r.receipt(), 6_000, 6_001)), "over the ticket");
  }

  @Test
  void costOtherThanTheReceipts() throws Exception {
    assertRejected(r -> with(r, r.output(), r.receipt(), r.cost() + 1, r.status()), "cost");
  }

  @Test
  void statusOtherThanTheReceipts() throws Exception {
    assertRejected(
        r -> with(r, r.output(), r.receipt(), r.cost(), InvocationResult.Status.FUNCTION_ERROR),
        "receipt says OK");
  }

  @Test
  void noReceipt() throws Exception {
    assertRejected(r -> withReceipt(r, null), "no receipt");
  }

  @Test
  void receiptSignedByAnUnregisteredProvider() throws Exception {
    Identity stranger = market.ca.enroll("provider-7", Role.PROVIDER);
    assertRejected(
        r -> {
          Receipt receipt = signed(stranger, r.receipt(), 10, r.cost());
          return new InvocationResult(
              r.invocationId(),
              r.status(),
              r.output(),
              null,
              receipt,
              receipt.amount(),
              stranger.id(),
              r.settlement(),
              null);
        },
        "not registered");
  }

  @Test
  void receiptSignatureByTheWrongKey() throws Exception {
    Identity impostor = market.ca.enroll("mallory", Role.PROVIDER);
    assertRejected(
        r ->
            withReceipt(
                r,
                r.receipt()
                    .withSignature(
                        Base64.getEncoder()
                            .encodeToString(impostor.sign(r.receipt().signingPayload())))),
        "not signed by provider");
  }

  @Test
  void asyncAndLaterReadsAreVerifiedToo() throws Exception {
    deploy("echo");
    broker.invocations.tamper = r -> with(r, utf8("lie"), r.receipt(), r.cost(), r.status());
    var future = client.invokeAsync("echo", utf8("in"), InvokeOptions.defaults());
    CompletionException e = assertThrows(CompletionException.class, future::join);
    assertInstanceOf(InvocationException.class, e.getCause());
    String id = broker.invocations.requests.get(0).ticket().invocationId();
    QueryException q = assertThrows(QueryException.class, () -> client.invocation(id));
    assertEquals(EdgeMarketException.VERIFICATION_FAILED, q.code());
  }
}
