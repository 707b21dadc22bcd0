package io.edgemarket.broker.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Pricing;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 (d): escrow holds what a run can be charged at the matched offers' prices for the
 * function's fuel limit, against the real embedded ledger's balances. Funding, offers, ticket
 * ceiling and fuel limit are {@code up}'s and the SDK's defaults.
 */
class EscrowHoldsTest {
  private static final long UP_FUNDING = 5_000_000; // LocalMarket.INITIAL_ESCROW
  private static final long DEFAULT_MAX_PRICE = 1_000_000; // DeployOptions.DEFAULT_MAX_PRICE
  private static final long DEFAULT_MAX_FUEL = 1_000_000_000; // DeployOptions.DEFAULT_MAX_FUEL
  private static final int CALLS = 64;

  @TempDir static Path dir;
  private static TestMarket market;
  private static MarketLedger ledger;

  @BeforeAll
  static void start() throws Exception {
    market = new TestMarket(dir, 0, Duration.ofMillis(50));
    ledger = new MarketLedger(market.gateway(market.brokerId));
  }

  @AfterAll
  static void stop() {
    market.close();
  }

  @Test
  void onFlatPricedOffersUpsFundingCoversSixtyFourCallsAtOnce() throws Exception {
    Identity consumer = consumer(UP_FUNDING);
    EscrowBook escrow = new EscrowBook(ledger);
    List<Offer> offers = List.of(offer(100, 0), offer(120, 0), offer(80, 0));
    long hold = worstCase(ticket(consumer, DEFAULT_MAX_PRICE), unbounded(), offers);
    assertEquals(120, hold, "the dearest matched offer's price per invocation");
    assertEquals(CALLS, concurrently(CALLS, () -> tryHold(escrow, consumer, hold)));
  }

  @Test
  void withUpsOffersAndTheDefaultFuelLimitSixtyFourCallsAreHeldAtOnce() throws Exception {
    Identity consumer = consumer(UP_FUNDING);
    EscrowBook escrow = new EscrowBook(ledger);
    // cli ProviderProfile: what up's three agents offer.
    List<Offer> offers = List.of(offer(100, 20), offer(120, 10), offer(80, 40));
    InvocationTicket ticket = ticket(consumer, DEFAULT_MAX_PRICE);
    long hold = worstCase(ticket, limited(DEFAULT_MAX_FUEL), offers);
    assertEquals(Pricing.amount(80, 40, DEFAULT_MAX_FUEL), hold, "the dearest at the fuel limit");
    assertEquals(40_080, hold);
    assertEquals(CALLS, concurrently(CALLS, () -> tryHold(escrow, consumer, hold)));
    // A limit the ticket's ceiling cannot pay for holds the ceiling, no more.
    assertEquals(
        DEFAULT_MAX_PRICE, worstCase(ticket, limited(1_000_000_000_000L), offers), "maxPrice");
    assertEquals(DEFAULT_MAX_PRICE, worstCase(ticket, limited(Long.MAX_VALUE), offers));
    // On a flat-priced offer the fuel limit costs nothing.
    assertEquals(120, worstCase(ticket, limited(DEFAULT_MAX_FUEL), List.of(offer(120, 0))));
  }

  @Test
  void anOverspendWithTheDefaultFuelLimitIsHeldOnlyAsFarAsTheBalanceCovers() throws Exception {
    // Two and a half calls' worth at up's dearest offer.
    Identity consumer = consumer(100_000);
    EscrowBook escrow = new EscrowBook(ledger);
    long hold =
        worstCase(
            ticket(consumer, DEFAULT_MAX_PRICE),
            limited(DEFAULT_MAX_FUEL),
            List.of(offer(100, 20), offer(80, 40)));
    int held = concurrently(200, () -> tryHold(escrow, consumer, hold));
    assertEquals(2, held);
    assertTrue(held * hold <= market.balance(consumer.id()));
  }

  @Test
  void aFunctionRegisteredWithoutAFuelLimitHoldsTheCeilingOnOffersThatPriceFuel() throws Exception {
    Identity consumer = consumer(UP_FUNDING);
    EscrowBook escrow = new EscrowBook(ledger);
    InvocationTicket ticket = ticket(consumer, DEFAULT_MAX_PRICE);
    long hold = worstCase(ticket, unbounded(), List.of(offer(100, 20), offer(120, 0)));
    // The agent caps fuel only at what maxPrice affords, and the chaincode pays any consistent
    // amount up to maxPrice: anything less held could leave a provider's receipt unpayable.
    long fuelCap = (DEFAULT_MAX_PRICE - 100) * Pricing.FUEL_UNIT / 20;
    assertEquals(DEFAULT_MAX_PRICE, Pricing.amount(100, 20, fuelCap));
    assertEquals(DEFAULT_MAX_PRICE, hold);
    assertEquals(5, concurrently(CALLS, () -> tryHold(escrow, consumer, hold)));
  }

  @Test
  void manyConcurrentCallsNeverHoldMoreThanTheBalance() throws Exception {
    // Enough for two and a half calls at 100: two are held, every other one refused.
    Identity consumer = consumer(250);
    EscrowBook escrow = new EscrowBook(ledger);
    long hold = worstCase(ticket(consumer, DEFAULT_MAX_PRICE), unbounded(), List.of(offer(100, 0)));
    int held = concurrently(200, () -> tryHold(escrow, consumer, hold));
    assertEquals(2, held);
    assertTrue(held * hold <= market.balance(consumer.id()));

    Identity poor = consumer(99);
    EscrowBook book = new EscrowBook(ledger);
    InvocationRefusedException refused =
        assertThrows(
            InvocationRefusedException.class,
            () -> book.hold(poor.id(), UUID.randomUUID().toString(), hold));
    assertEquals(Refusal.INSUFFICIENT_FUNDS, refused.refusal());
  }

  private static long worstCase(
      InvocationTicket ticket, FunctionSpec function, List<Offer> offers) {
    long worst = 0;
    for (Offer offer : offers) {
      worst = Math.max(worst, WorstCase.onOffer(ticket, function, offer));
    }
    return worst;
  }

  /** A function as registered before fuel limits: none of its own. */
  private static FunctionSpec unbounded() {
    return new FunctionSpec(
        null,
        "upper",
        null,
        "0".repeat(64),
        FunctionSpec.RUNTIME_WASM,
        64L << 20,
        10_000,
        null,
        DEFAULT_MAX_PRICE,
        0);
  }

  private static FunctionSpec limited(long maxFuel) {
    return unbounded().withMaxFuel(maxFuel);
  }

  private static boolean tryHold(EscrowBook escrow, Identity consumer, long amount) {
    try {
      escrow.hold(consumer.id(), UUID.randomUUID().toString(), amount);
      return true;
    } catch (InvocationRefusedException e) {
      assertEquals(Refusal.INSUFFICIENT_FUNDS, e.refusal(), e.getMessage());
      return false;
    }
  }

  private static int concurrently(int n, Callable<Boolean> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        results.add(pool.submit(call));
      }
      int accepted = 0;
      for (Future<Boolean> result : results) {
        accepted += result.get() ? 1 : 0;
      }
      return accepted;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Identity consumer(long funds) throws Exception {
    Identity consumer = market.ca.enroll("c-" + UUID.randomUUID(), Role.CONSUMER);
    market.register(consumer);
    market.fund(consumer, funds);
    return consumer;
  }

  private static InvocationTicket ticket(Identity consumer, long maxPrice) {
    long now = System.currentTimeMillis();
    return InvocationTicket.issue(
        consumer,
        UUID.randomUUID().toString(),
        market.brokerId.id(),
        FunctionSpec.idOf(consumer.id(), "upper"),
        "0".repeat(64),
        new byte[] {1},
        maxPrice,
        now,
        now + 60_000);
  }

  private static Offer offer(long perInvocation, long perMegaFuel) {
    return new Offer(
        "offer-" + perInvocation + "-" + perMegaFuel,
        "provider@EdgeMarketMSP",
        "http://127.0.0.1:1",
        "local",
        0,
        0,
        1000,
        512,
        8,
        List.of(FunctionSpec.RUNTIME_WASM),
        List.of(),
        perInvocation,
        perMegaFuel,
        System.currentTimeMillis() + 60_000,
        null,
        0);
  }
}
