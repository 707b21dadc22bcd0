package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.ledger.embedded.LocalTransaction;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records.CreditSlip;
import io.edgemarket.model.ledger.Records.Fold;
import io.edgemarket.model.ledger.Records.MarketConfig;
import io.edgemarket.model.ledger.Records.Transfer;
import java.time.Duration;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.Test;

/**
 * The rules that bound what one account can cost to read or hold, and the delay on a consumer's
 * transfers out (SECURITY.md rules 4, 8 and 9), on the embedded ledger's real stub.
 */
class BoundsAndWithdrawalsTest {
  private final Market market = new Market().trading();

  @Test
  void aConsumersTransferOutWaitsForEveryTicketItSignedToExpireAndSettle() {
    market.fund(market.consumer, 1000);
    Transfer pending =
        Market.read(
            market.submit(
                market.consumer,
                ctx -> market.accounts.transfer(ctx, market.provider.id(), "600", "withdraw 1")),
            Transfer.class);
    assertEquals("PENDING", pending.status());
    long delay = MarketConfig.DEFAULT_SETTLEMENT_WINDOW_MS + MarketConfig.DEFAULT_MAX_TICKET_TTL_MS;
    assertEquals(market.now() + delay, pending.executableAt());
    assertEquals(1000, market.balance(market.consumer.id()));
    market.fails(
        ErrorCodes.TOO_EARLY,
        market.provider,
        ctx -> market.accounts.completeTransfer(ctx, market.consumer.id(), pending.transferId()));
    // The same reference again is a retry, not a second transfer.
    market.fails(
        ErrorCodes.DUPLICATE,
        market.consumer,
        ctx -> market.accounts.transfer(ctx, market.provider.id(), "600", "withdraw 1"));
    market.advance(Duration.ofMillis(delay));
    Transfer done =
        Market.read(
            market.submit(
                market.provider,
                ctx ->
                    market.accounts.completeTransfer(
                        ctx, market.consumer.id(), pending.transferId())),
            Transfer.class);
    assertEquals("DONE", done.status());
    assertEquals(400, market.balance(market.consumer.id()));
    assertEquals(600, market.balance(market.provider.id()));
    market.fails(
        ErrorCodes.NOT_FOUND,
        market.provider,
        ctx -> market.accounts.completeTransfer(ctx, market.consumer.id(), pending.transferId()));
    assertEquals(0, market.totalOfAllBalances());
  }

  @Test
  void issuanceStopsAtTheSupplyBoundAndAmountsAtTheirs() {
    market.fails(
        ErrorCodes.BAD_REQUEST,
        market.admin,
        ctx ->
            market.accounts.creditEscrow(
                ctx, market.consumer.id(), Long.toString(Money.MAX_AMOUNT + 1), "too much"));
    long credits = Money.MAX_SUPPLY / Money.MAX_AMOUNT;
    for (int i = 0; i < credits; i++) {
      market.fund(market.consumer, Money.MAX_AMOUNT);
    }
    market.fails(
        ErrorCodes.BAD_REQUEST,
        market.admin,
        ctx -> market.accounts.creditEscrow(ctx, market.provider.id(), "1", "one more"));
    assertEquals(-Money.MAX_SUPPLY, market.balance(Keys.ISSUER));
    assertEquals(0, market.totalOfAllBalances());
  }

  @Test
  void aBalanceReadsABoundedNumberOfSlipsAndFoldingBringsItBack() throws LedgerException {
    int slips = Holding.MAX_SLIPS + 1;
    LocalTransaction tx = market.begin(market.admin);
    ChaincodeStub stub = tx.stub();
    String account = market.provider.id();
    for (int i = 0; i < slips; i++) {
      String txId = String.format("slip-%05d", i);
      State.write(
          stub, Keys.of(stub, Keys.CREDIT, account, txId), new CreditSlip(account, txId, 1));
    }
    tx.commit();
    market.fails(
        ErrorCodes.FOLD_REQUIRED, market.provider, ctx -> market.accounts.getBalance(ctx, account));
    Fold first =
        Json.read(
            market.submit(market.provider, ctx -> market.accounts.foldCredits(ctx, account)),
            Fold.class);
    assertEquals(Holding.FOLD_CHUNK, first.folded());
    assertTrue(first.more());
    int folded = first.folded();
    Fold next;
    do {
      next =
          Json.read(
              market.submit(market.broker, ctx -> market.accounts.foldCredits(ctx, account)),
              Fold.class);
      folded += next.folded();
    } while (next.more());
    assertEquals(slips, folded);
    assertEquals(slips, market.balance(account));
    market.fails(
        ErrorCodes.FORBIDDEN, market.consumer, ctx -> market.accounts.foldCredits(ctx, account));
  }
}
