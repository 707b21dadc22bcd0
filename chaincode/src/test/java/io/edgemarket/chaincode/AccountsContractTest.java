package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgemarket.ledger.embedded.LocalTransaction;
import io.edgemarket.model.Role;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Balance;
import io.edgemarket.model.ledger.Records.Credit;
import io.edgemarket.model.ledger.Records.JournalEntry;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Records.Posting;
import io.edgemarket.model.ledger.Records.Transfer;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.Test;

class AccountsContractTest {
  private final Market market = new Market();

  @Test
  void creditEscrowIssuesMoneyFromTheIssuer() {
    String result =
        market.submit(
            market.admin,
            ctx -> market.accounts.creditEscrow(ctx, market.consumer.id(), "5000", "invoice 7"));
    Credit credit = Market.read(result, Credit.class);
    assertEquals(market.consumer.id(), credit.accountId());
    assertEquals(5000, credit.balance());
    assertEquals("DONE", credit.status());
    String txId = market.last.stub().getTxId();
    assertEquals(-5000, market.balance(Keys.ISSUER));
    JournalEntry entry = market.journal().get(0);
    assertEquals(
        new JournalEntry(
            txId,
            market.now() - 2000,
            "credit",
            "invoice 7",
            List.of(new Posting(Keys.ISSUER, market.consumer.id(), 5000)),
            market.admin.id()),
        entry);
  }

  @Test
  void creditsFoldTheIssuerSoIssuanceIsBoundedAndTheTargetGetsABlindSlip() {
    market.fund(market.consumer, 10);
    LocalTransaction tx = market.last;
    ChaincodeStub stub = tx.stub();
    String issuerBase = stub.createCompositeKey(Keys.ACCOUNT, Keys.ISSUER).toString();
    // The issuer is read (to bound the supply) and rewritten as a base, never left with slips.
    assertTrue(tx.keysRead().contains(issuerBase));
    assertTrue(tx.writes().containsKey(issuerBase));
    assertFalse(
        tx.writes()
            .containsKey(
                stub.createCompositeKey(Keys.CREDIT, Keys.ISSUER, stub.getTxId()).toString()));
    assertTrue(
        tx.writes()
            .containsKey(
                stub.createCompositeKey(Keys.CREDIT, market.consumer.id(), stub.getTxId())
                    .toString()));
  }

  @Test
  void creditEscrowIsForAdminsToRegisteredAccountsInPositiveAmounts() {
    market.fails(
        ErrorCodes.FORBIDDEN,
        market.broker,
        ctx -> market.accounts.creditEscrow(ctx, market.broker.id(), "1", ""));
    market.fails(
        ErrorCodes.NOT_REGISTERED,
        market.admin,
        ctx -> market.accounts.creditEscrow(ctx, "ghost@EdgeMarketMSP", "1", ""));
    market.fails(
        ErrorCodes.NOT_REGISTERED,
        market.admin,
        ctx -> market.accounts.creditEscrow(ctx, Keys.ISSUER, "1", ""));
    for (String amount : new String[] {"0", "-5", "1.5", "abc", "", "99999999999999999999"}) {
      market.fails(
          ErrorCodes.BAD_REQUEST,
          market.admin,
          ctx -> market.accounts.creditEscrow(ctx, market.consumer.id(), amount, ""));
    }
  }

  @Test
  void transferMovesMoneyAndFoldsTheSendersSlips() {
    market.fund(market.provider, 1000);
    market.fund(market.provider, 1000);
    String result =
        market.submit(
            market.provider,
            ctx -> market.accounts.transfer(ctx, market.consumer.id(), "300", "tip"));
    assertEquals(
        new Transfer(market.provider.id(), market.consumer.id(), 300),
        Market.read(result, Transfer.class));
    assertEquals(1700, market.balance(market.provider));
    assertEquals(300, market.balance(market.consumer));
    ChaincodeStub read = market.begin(market.auditor).stub();
    assertTrue(
        Rows.all(read, Keys.CREDIT, market.provider.id()).isEmpty(), "slips folded into the base");
    assertEquals(
        new Balance(market.provider.id(), 1700),
        State.read(read, Keys.of(read, Keys.ACCOUNT, market.provider.id()), Balance.class));
    assertEquals(0, market.totalOfAllBalances());
  }

  @Test
  void transferNeedsFundsARegisteredRecipientAndSomeoneElse() {
    market.fund(market.consumer, 100);
    market.fails(
        ErrorCodes.INSUFFICIENT_FUNDS,
        market.consumer,
        ctx -> market.accounts.transfer(ctx, market.provider.id(), "101", ""));
    market.fails(
        ErrorCodes.NOT_REGISTERED,
        market.consumer,
        ctx -> market.accounts.transfer(ctx, "ghost@EdgeMarketMSP", "1", ""));
    market.fails(
        ErrorCodes.BAD_REQUEST,
        market.consumer,
        ctx -> market.accounts.transfer(ctx, market.consumer.id(), "1", ""));
    market.fails(
        ErrorCodes.BAD_REQUEST,
        market.consumer,
        ctx -> market.accounts.transfer(ctx, market.provider.id(), "1", "x".repeat(257)));
    assertEquals(100, market.balance(market.consumer));
  }

  @Test
  void balancesAreForTheOwnerAndOverseers() {
    market.fund(market.consumer, 42);
    Balance own =
        Market.read(
            market.evaluate(
                market.consumer, ctx -> market.accounts.getBalance(ctx, market.consumer.id())),
            Balance.class);
    assertEquals(42, own.balance());
    for (var overseer : List.of(market.broker, market.auditor, market.admin)) {
      market.evaluate(overseer, ctx -> market.accounts.getBalance(ctx, market.consumer.id()));
    }
    market.fails(
        ErrorCodes.FORBIDDEN,
        market.provider,
        ctx -> market.accounts.getBalance(ctx, market.consumer.id()));
    assertEquals(0, market.balance(market.provider2), "a registered account starts empty");
    market.fails(
        ErrorCodes.NOT_REGISTERED,
        market.auditor,
        ctx -> market.accounts.getBalance(ctx, "ghost@EdgeMarketMSP"));
    market.fails(
        ErrorCodes.NOT_REGISTERED,
        market.enroll("x", Role.CONSUMER),
        ctx -> market.accounts.getBalance(ctx, "x@EdgeMarketMSP"));
  }

  @Test
  void listAccountsPagesOverEveryAccountAndTheyBalanceToZero() {
    market.fund(market.consumer, 700);
    market.fund(market.consumer2, 300);
    List<Balance> all =
        market.everyPage(
            market.broker,
            new TypeReference<Page<Balance>>() {},
            (ctx, mark) -> market.accounts.listAccounts(ctx, "2", mark));
    int pages = market.pagesRead;
    assertEquals(8, all.size(), "seven participants and the issuer");
    assertEquals(4, pages);
    assertEquals(new Balance(Keys.ISSUER, -1000), all.get(0));
    assertEquals(0, all.stream().mapToLong(Balance::balance).sum());
    market.fails(
        ErrorCodes.FORBIDDEN, market.consumer, ctx -> market.accounts.listAccounts(ctx, "2", ""));
    market.fails(
        ErrorCodes.BAD_REQUEST,
        market.auditor,
        ctx -> market.accounts.listAccounts(ctx, "1001", ""));
    market.fails(
        ErrorCodes.BAD_REQUEST, market.auditor, ctx -> market.accounts.listAccounts(ctx, "0", ""));
  }

  @Test
  void theJournalIsForAuditorsAdminsAndTheBrokersExplorer() {
    market.fund(market.consumer, 1);
    market.fund(market.consumer, 2);
    market.fund(market.consumer, 3);
    assertEquals(3, market.journal().size());
    market.fails(
        ErrorCodes.FORBIDDEN, market.consumer, ctx -> market.accounts.listJournal(ctx, "10", ""));
    market.evaluate(market.admin, ctx -> market.accounts.listJournal(ctx, "10", ""));
    market.evaluate(market.broker, ctx -> market.accounts.listJournal(ctx, "10", ""));
  }
}
