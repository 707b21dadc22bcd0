package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.Statement;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.BatchRecord;
import io.edgemarket.model.ledger.Records.SettlementResult;
import io.edgemarket.testing.InvocationSamples;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Providers' and consumers' statements (issue 11): one signature over many receipts or tickets
 * stands for each one's own signature. A receipt whose own signature is broken proves the point: it
 * is paid when, and only when, a statement its own provider signed names it; likewise a ticket.
 * Each attack below hands the chaincode a statement that must not count, and shows the receipt it
 * was meant to pass refused and nobody charged.
 */
class SettlementStatementsTest {
  private final Market market = new Market().trading();
  private final Identity stranger = market.enroll("stranger-1", Role.PROVIDER);

  @Test
  void receiptsAndTicketsNamedByTheirSignersStatementsArePaidAndTheLedgerKeepsThem() {
    market.fund(market.consumer, 100_000);
    List<Receipt> receipts = List.of(market.receipt("st-1", 0), market.receipt("st-2", 0));
    Statement provider = receiptsOf(market.provider, receipts);
    Statement consumer = ticketsOf(market.consumer, receipts);

    SettlementResult result = settle(batch("st", receipts, provider, consumer));

    assertEquals(List.of("st-1", "st-2"), result.settled());
    BatchRecord stored = batchRecord("st");
    assertEquals(List.of(provider, consumer), stored.statements(), "kept for auditors");
  }

  @Test
  void aStatementStandsForABrokenReceiptSignatureOnlyWhenItsProviderSignedIt() {
    market.fund(market.consumer, 100_000);
    Receipt broken = unsigned(market.receipt("b-1", 0));
    SettlementResult paid =
        settle(batch("b", List.of(broken), receiptsOf(market.provider, broken)));
    assertEquals(List.of("b-1"), paid.settled(), "its provider vouched for exactly these bytes");
  }

  @Test
  void aStatementInOneProvidersNameSignedByAnotherCountsForNothing() {
    Receipt broken = unsigned(market.receipt("f-1", 0));
    Statement forged = relabel(receiptsOf(market.provider2, broken), market.provider.id());
    refusedWithNothingMoved(batch("f", List.of(broken), forged), "f-1", ErrorCodes.BAD_SIGNATURE);
    assertTrue(batchRecord("f").statements().isEmpty(), "an unverified statement is not kept");
  }

  @Test
  void anotherProvidersStatementDoesNotCoverThisProvidersReceipt() {
    Receipt broken = unsigned(market.receipt("o-1", 0));
    refusedWithNothingMoved(
        batch("o", List.of(broken), receiptsOf(market.provider2, broken)),
        "o-1",
        ErrorCodes.BAD_SIGNATURE);
  }

  @Test
  void aStatementOfReceiptsSignedByAConsumerCountsForNothing() {
    Receipt broken = unsigned(market.receipt("c-1", 0));
    Statement byConsumer = relabel(receiptsOf(market.consumer, broken), market.consumer.id());
    refusedWithNothingMoved(
        batch("c", List.of(broken), byConsumer), "c-1", ErrorCodes.BAD_SIGNATURE);
  }

  @Test
  void aReceiptOutsideItsProvidersStatementIsVerifiedOnItsOwn() {
    Receipt named = market.receipt("n-1", 0);
    Receipt broken = unsigned(market.receipt("n-2", 0));
    market.fund(market.consumer, 100_000);
    SettlementResult result =
        settle(batch("n", List.of(named, broken), receiptsOf(market.provider, named)));
    assertEquals(List.of("n-1"), result.settled());
    assertEquals(
        List.of("n-2: " + ErrorCodes.BAD_SIGNATURE),
        result.rejected().stream().map(r -> r.invocationId() + ": " + r.code()).toList());
  }

  @Test
  void aTicketStatementInAnotherConsumersNameDoesNotMakeAForgedTicketPay() {
    // consumer-2 signs a ticket in consumer-1's name and a statement naming it, in consumer-1's
    // name too: consumer-1's money must not move.
    InvocationTicket forged = forgedTicket("t-1");
    Receipt receipt = market.receipt(market.provider, Market.OFFER, forged, 0);
    Statement statement = relabel(ticketsOf(market.consumer2, receipt), market.consumer.id());
    refusedWithNothingMoved(
        batch("t", List.of(receipt), receiptsOf(market.provider, receipt), statement),
        "t-1",
        ErrorCodes.BAD_SIGNATURE);
  }

  @Test
  void aForgedTicketOutsideTheConsumersStatementIsRefused() {
    InvocationTicket forged = forgedTicket("u-1");
    Receipt receipt = market.receipt(market.provider, Market.OFFER, forged, 0);
    Receipt honest = market.receipt("u-2", 0);
    market.fund(market.consumer, 100_000);
    SettlementResult result =
        settle(batch("u", List.of(receipt, honest), ticketsOf(market.consumer, honest)));
    assertEquals(List.of("u-2"), result.settled());
    assertEquals(ErrorCodes.BAD_SIGNATURE, result.rejected().get(0).code());
  }

  @Test
  void aStatementReplayedInALaterBatchPaysNothingTwice() {
    market.fund(market.consumer, 100_000);
    Receipt receipt = market.receipt("r-1", 0);
    Statement statement = receiptsOf(market.provider, receipt);
    settle(batch("r", List.of(receipt), statement));
    long after = market.balance(market.consumer);
    SettlementResult again = settle(batch("r-again", List.of(receipt), statement));
    assertEquals(List.of(), again.settled());
    assertEquals(ErrorCodes.DUPLICATE, again.rejected().get(0).code());
    assertEquals(after, market.balance(market.consumer));
  }

  @Test
  void tooManyStatementsRefuseTheBatch() {
    Receipt receipt = market.receipt("m-1", 0);
    Statement one = receiptsOf(market.provider, receipt);
    SettlementBatch batch =
        batch("m", List.of(receipt), Collections.nCopies(SettlementBatch.MAX_STATEMENTS + 1, one));
    String json = Json.write(batch);
    market.fails(
        ErrorCodes.BAD_REQUEST, market.broker, ctx -> market.settlement.settleBatch(ctx, json));
  }

  private InvocationTicket forgedTicket(String id) {
    InvocationTicket ticket = market.ticket(market.consumer, id, 1_000_000);
    return ticket.withSignature(
        Base64.getEncoder().encodeToString(market.consumer2.sign(ticket.signingPayload())));
  }

  /** The receipt signed by a key registered with nobody: its signature verifies for no one. */
  private Receipt unsigned(Receipt receipt) {
    return InvocationSamples.signedBy(stranger, receipt);
  }

  private static Statement receiptsOf(Identity provider, Receipt... receipts) {
    return receiptsOf(provider, List.of(receipts));
  }

  private static Statement receiptsOf(Identity provider, List<Receipt> receipts) {
    return Statement.sign(
        Statement.RECEIPTS, provider, "s", receipts.stream().map(Receipt::leafHash).toList());
  }

  private static Statement ticketsOf(Identity consumer, Receipt receipt) {
    return ticketsOf(consumer, List.of(receipt));
  }

  private static Statement ticketsOf(Identity consumer, List<Receipt> receipts) {
    return Statement.sign(
        Statement.TICKETS,
        consumer,
        "t",
        receipts.stream().map(r -> r.ticket().leafHash()).toList());
  }

  /** The statement claimed for {@code signerId}, its signature left as its real signer made it. */
  private static Statement relabel(Statement statement, String signerId) {
    return new Statement(
        statement.kind(),
        signerId,
        statement.statementId(),
        statement.leaves(),
        statement.signature());
  }

  private SettlementBatch batch(String id, List<Receipt> receipts, Statement... statements) {
    return batch(id, receipts, List.of(statements));
  }

  private SettlementBatch batch(String id, List<Receipt> receipts, List<Statement> statements) {
    return SettlementBatch.signed(id, receipts, market.broker).withStatements(statements);
  }

  private SettlementResult settle(SettlementBatch batch) {
    String json = Json.write(batch);
    return Market.read(
        market.submit(market.broker, ctx -> market.settlement.settleBatch(ctx, json)),
        SettlementResult.class);
  }

  private void refusedWithNothingMoved(SettlementBatch batch, String runId, String code) {
    market.fund(market.consumer, 100_000);
    long before = market.balance(market.consumer);
    SettlementResult result = settle(batch);
    assertEquals(List.of(), result.settled());
    assertEquals(runId, result.rejected().get(0).invocationId());
    assertEquals(code, result.rejected().get(0).code());
    assertEquals(before, market.balance(market.consumer), "no money moved");
    assertEquals(0, market.totalOfAllBalances());
  }

  private BatchRecord batchRecord(String id) {
    return Market.read(
        market.evaluate(market.auditor, ctx -> market.audit.getBatch(ctx, id)), BatchRecord.class);
  }
}
