package io.edgemarket.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.agent.CapacityProbe.Capacity;
import io.edgemarket.model.Offer;
import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registration, the offer's life on the ledger, and heartbeats to the broker. */
class MarketPresenceTest {
  @TempDir Path dataDir;
  private Market market;
  private final AtomicReference<Capacity> idle = new AtomicReference<>(new Capacity(4000, 8192));

  @BeforeEach
  void setUp() {
    market = new Market();
  }

  @AfterEach
  void tearDown() {
    market.close();
  }

  @Test
  void registersThenOffersNoMoreThanItsShare() throws Exception {
    ProviderAgent agent = market.start(market.agent(dataDir));

    List<String> transactions = market.ledger.transactionNames();
    assertEquals(Transactions.REGISTER_PARTICIPANT, transactions.get(0));
    assertEquals(Transactions.PUBLISH_OFFER, transactions.get(1));
    Offer offer = market.ledger.publishedOffers().get(0);
    assertEquals("provider-1-offer", offer.offerId());
    assertEquals(agent.offerId(), offer.offerId());
    assertEquals(market.provider.id(), offer.providerId());
    assertEquals(agent.url(), offer.endpoint());
    assertEquals(1000, offer.cpuMillis(), "share, as more is idle");
    assertEquals(512, offer.memoryMb(), "share, as more is free");
    assertEquals(4, offer.maxConcurrency());
    assertEquals(List.of("wasm"), offer.runtimes());
    assertEquals(Market.PRICE_PER_INVOCATION, offer.pricePerInvocation());
    assertEquals(Market.PRICE_PER_MEGA_FUEL, offer.pricePerMegaFuel());
    assertEquals("eu-west", offer.region());
    assertEquals(Offer.ACTIVE, offer.status());
    assertEquals(offer.updatedAt() + Duration.ofMinutes(5).toMillis(), offer.expiresAt());
  }

  @Test
  void offersNoMoreThanIsIdle() throws Exception {
    market.start(market.agent(dataDir).capacityProbe(CapacityProbe.fixed(250, 100)));

    Offer offer = market.ledger.publishedOffers().get(0);
    assertEquals(250, offer.cpuMillis());
    assertEquals(100, offer.memoryMb());
  }

  @Test
  void sendsHeartbeatsWithLiveLoad() throws Exception {
    ProviderAgent agent = market.start(fastTicking());

    Heartbeat heartbeat = market.brokerServer.heartbeats().poll(20, TimeUnit.SECONDS);

    assertNotNull(heartbeat, "a heartbeat reached the broker");
    assertEquals(market.provider.id(), heartbeat.providerId());
    assertEquals(agent.offerId(), heartbeat.offerId());
    assertEquals(agent.url(), heartbeat.endpoint());
    assertEquals(0, heartbeat.activeInvocations());
    assertEquals(4, heartbeat.maxConcurrency());
    assertEquals(1000, heartbeat.cpuFreeMillis());
    assertEquals(512, heartbeat.memoryFreeMb());
    assertFalse(heartbeat.draining());
  }

  @Test
  void republishesWhenCapacityMovesByMoreThanTenPercentOnly() throws Exception {
    market.start(fastTicking());

    idle.set(new Capacity(500, 8192));
    Await.until("the smaller offer is published", () -> lastOffer().cpuMillis() == 500);
    int published = market.ledger.publishedOffers().size();
    idle.set(new Capacity(460, 8192));
    market.brokerServer.heartbeats().clear();
    for (int i = 0; i < 3; i++) {
      assertNotNull(market.brokerServer.heartbeats().poll(20, TimeUnit.SECONDS));
    }

    assertEquals(published, market.ledger.publishedOffers().size(), "8% is not worth a refresh");
    assertEquals(500, lastOffer().cpuMillis());
  }

  @Test
  void refreshesTheOfferBeforeItExpires() throws Exception {
    market.start(fastTicking().offerTtl(Duration.ofSeconds(1)));

    Await.until("the offer is refreshed", () -> market.ledger.publishedOffers().size() >= 2);

    List<Offer> offers = market.ledger.publishedOffers();
    assertTrue(offers.get(1).expiresAt() > offers.get(0).expiresAt());
    assertTrue(offers.get(1).updatedAt() < offers.get(0).expiresAt(), "before it lapsed");
  }

  @Test
  void keepsHeartbeatingWhileTheLedgerIsDownAndRefreshesWhenItIsBack() throws Exception {
    market.start(fastTicking());
    market.ledger.setDown(true);
    idle.set(new Capacity(300, 8192));
    Heartbeat heartbeat;
    do {
      heartbeat = market.brokerServer.heartbeats().poll(20, TimeUnit.SECONDS);
      assertNotNull(heartbeat, "heartbeats go on without the ledger");
    } while (heartbeat.cpuFreeMillis() != 300);

    assertNotNull(market.brokerServer.heartbeats().poll(20, TimeUnit.SECONDS), "and go on");
    assertEquals(1000, lastOffer().cpuMillis(), "could not refresh yet");

    market.ledger.setDown(false);
    Await.until("the offer is refreshed", () -> lastOffer().cpuMillis() == 300);
  }

  @Test
  void aHeartbeatTheBrokerDidNotTakeIsRetriedWithinMomentsNotATickLater() throws Exception {
    market.brokerServer.setDown(true);
    market.start(market.agent(dataDir).heartbeatInterval(Duration.ofSeconds(30)));
    // The first tick's heartbeat was refused, and then its retries too.
    Await.until("two refused heartbeats", () -> market.brokerServer.refusedHeartbeats() >= 2);
    assertTrue(market.brokerServer.heartbeats().isEmpty());

    market.brokerServer.setDown(false);
    // The next tick is 30 s away: a heartbeat within 10 s can only be a retry.
    Heartbeat heartbeat = market.brokerServer.heartbeats().poll(10, TimeUnit.SECONDS);
    assertNotNull(heartbeat, "a retry reached the broker well before the next 30 s tick");
    assertNull(
        market.brokerServer.heartbeats().poll(1, TimeUnit.SECONDS), "retries stop once one passed");
  }

  @Test
  void closeWithdrawsTheOfferAndSaysGoodbye() throws Exception {
    ProviderAgent agent = market.start(fastTicking());

    agent.close();

    List<FakeLedger.Call> withdrawals = market.ledger.calls(Transactions.WITHDRAW_OFFER);
    assertEquals(1, withdrawals.size());
    assertEquals(List.of(agent.offerId()), withdrawals.get(0).args());
    Heartbeat last = null;
    for (Heartbeat h : market.brokerServer.heartbeats()) {
      last = h;
    }
    assertNotNull(last);
    assertTrue(last.draining(), "the last heartbeat announces the drain");
  }

  @Test
  void aLedgerThatIsDownFailsStartAndLeavesTheDataDirectoryFree() throws Exception {
    market.ledger.setDown(true);
    assertThrows(LedgerException.class, () -> market.start(market.agent(dataDir)));

    market.ledger.setDown(false);
    assertNotNull(market.start(market.agent(dataDir)).url());
  }

  @Test
  void earningsAreTheLedgerBalance() throws Exception {
    ProviderAgent agent = market.start(market.agent(dataDir));
    market.ledger.setBalance(4242);

    assertEquals(4242, agent.earnings());
  }

  private ProviderAgentBuilder fastTicking() {
    return market.agent(dataDir).heartbeatInterval(Duration.ofMillis(20)).capacityProbe(idle::get);
  }

  private Offer lastOffer() {
    List<Offer> offers = market.ledger.publishedOffers();
    return offers.get(offers.size() - 1);
  }
}
