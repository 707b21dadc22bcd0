package io.edgemarket.broker.settle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.Grant;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Statement;
import io.edgemarket.model.Usage;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What the settler sends with a batch: only senders' own statements, and only those covering it.
 */
class StatementBookTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final StatementBook book = new StatementBook(now::get);
  private final Identity provider = TestReceipts.PROVIDER;
  private final Identity consumer = TestReceipts.CONSUMER;

  @Test
  void keepsOnlyASendersOwnVerifyingStatementOfTheKindItMaySend() {
    Receipt receipt = TestReceipts.receipt("a");
    Statement own = receipts(provider, receipt);

    assertFalse(book.offer(consumer.id(), Statement.RECEIPTS, key(consumer), own), "not its own");
    assertFalse(book.offer(provider.id(), Statement.TICKETS, key(provider), own), "wrong kind");
    assertFalse(book.offer(provider.id(), Statement.RECEIPTS, key(consumer), own), "wrong key");
    assertTrue(book.offer(provider.id(), Statement.RECEIPTS, key(provider), own));
    assertEquals(3, book.refused());
    assertEquals(1, book.accepted());
  }

  @Test
  void aBatchGetsTheStatementsNamingItsReceiptsAndTickets() throws Exception {
    Receipt a = TestReceipts.receipt("a");
    Receipt b = TestReceipts.receipt("b");
    Receipt other = TestReceipts.receipt("other");
    Statement ofA = receipts(provider, a);
    Statement ticketsOfBoth = tickets(consumer, a, b);
    book.offer(provider.id(), Statement.RECEIPTS, key(provider), ofA);
    book.offer(consumer.id(), Statement.TICKETS, key(consumer), ticketsOfBoth);
    book.offer(provider.id(), Statement.RECEIPTS, key(provider), receipts(provider, other));

    assertEquals(List.of(ofA, ticketsOfBoth), book.covering(List.of(a, b), 0));
  }

  @Test
  void waitsForAnActiveSendersStatementButNotForAQuietOnes() throws Exception {
    Receipt early = TestReceipts.receipt("early");
    Receipt late = TestReceipts.receipt("late");
    book.offer(provider.id(), Statement.RECEIPTS, key(provider), receipts(provider, early));
    Statement ofLate = receipts(provider, late);
    CompletableFuture<List<Statement>> waiting =
        CompletableFuture.supplyAsync(() -> covering(List.of(late), 60_000));
    book.offer(provider.id(), Statement.RECEIPTS, key(provider), ofLate);
    assertEquals(List.of(ofLate), waiting.get(), "the provider sends statements: waited for");

    now.addAndGet(StatementBook.ACTIVE_MILLIS + 1);
    Receipt quiet = TestReceipts.receipt("quiet");
    // Its provider sent nothing for longer than ACTIVE_MILLIS: settled at once, verified alone.
    List<Statement> none =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30), () -> book.covering(List.of(quiet), 60_000));
    assertEquals(List.of(), none);
  }

  @Test
  void aTicketFiredUnderAGrantIsNotWaitedForEvenWhileItsConsumerSendsStatements() {
    Receipt consumers = TestReceipts.receipt("own");
    book.offer(consumer.id(), Statement.TICKETS, key(consumer), tickets(consumer, consumers));
    Grant grant =
        Grant.sign(
            consumer,
            "g-1",
            "c/f",
            "d".repeat(64),
            TestReceipts.BROKER.id(),
            "route:r#" + "a".repeat(64),
            100,
            10,
            1000,
            0,
            Long.MAX_VALUE);
    InvocationTicket fired =
        InvocationTicket.fire(TestReceipts.BROKER, grant, "fired", new byte[] {1}, 100, 0, 60_000);
    Receipt receipt =
        Receipt.sign(
            provider,
            fired,
            Assignment.sign(TestReceipts.BROKER, fired, provider.id(), "o", 1),
            new byte[] {2},
            Receipt.OK,
            new Usage(1, 1, 1),
            5,
            0,
            1,
            2,
            2);
    // The broker signed the ticket; no consumer statement will ever name it.
    List<Statement> none =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30), () -> book.covering(List.of(receipt), 60_000));
    assertEquals(List.of(), none);
  }

  @Test
  void isBoundedOldestStatementsFirst() {
    List<Statement> kept = new ArrayList<>();
    int per = Statement.MAX_LEAVES;
    int statements = StatementBook.MAX_LEAVES / per + 1;
    for (int s = 0; s < statements; s++) {
      List<byte[]> leaves = new ArrayList<>();
      for (int i = 0; i < per; i++) {
        leaves.add(Crypto.sha256(("leaf " + s + " " + i).getBytes()));
      }
      Statement statement = Statement.sign(Statement.RECEIPTS, provider, "s" + s, leaves);
      assertTrue(book.offer(provider.id(), Statement.RECEIPTS, key(provider), statement));
      kept.add(statement);
    }
    assertEquals(statements, book.accepted());
    assertFalse(book.holds(kept.get(0).leaves().get(0)), "the oldest went");
    assertTrue(book.holds(kept.get(statements - 1).leaves().get(0)), "the newest stays");
  }

  private List<Statement> covering(List<Receipt> receipts, long millis) {
    try {
      return book.covering(receipts, millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Statement receipts(Identity provider, Receipt... receipts) {
    return Statement.sign(
        Statement.RECEIPTS,
        provider,
        "r",
        List.of(receipts).stream().map(Receipt::leafHash).toList());
  }

  private static Statement tickets(Identity consumer, Receipt... receipts) {
    return Statement.sign(
        Statement.TICKETS,
        consumer,
        "t",
        List.of(receipts).stream().map(r -> r.ticket().leafHash()).toList());
  }

  private static PublicKey key(Identity identity) {
    return identity.certificate().getPublicKey();
  }
}
