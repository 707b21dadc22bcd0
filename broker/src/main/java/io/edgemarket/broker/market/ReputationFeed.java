package io.edgemarket.broker.market;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records.Reputation;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the ledger's reputation of every provider in the offer book, in the background, into its
 * {@link ProviderStats} (disputes lost), so matching can prefer providers never found wrong without
 * a ledger read on the invocation path. Disputes this broker resolves update the stats at once.
 */
public final class ReputationFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReputationFeed.class);

  private final OfferBook book;
  private final MarketLedger ledger;
  private final long periodMillis;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "edgemarket-reputation-feed");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean failing;

  public ReputationFeed(OfferBook book, MarketLedger ledger, long periodMillis) {
    this.book = book;
    this.ledger = ledger;
    this.periodMillis = periodMillis;
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::poll, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void poll() {
    Set<String> providers = new HashSet<>();
    for (LiveOffer live : book.snapshot()) {
      providers.add(live.offer().providerId());
    }
    try {
      for (String provider : providers) {
        Optional<Reputation> reputation = ledger.reputation(provider);
        book.stats(provider).disputesLost(reputation.map(Reputation::disputesLost).orElse(0L));
      }
      failing = false;
    } catch (LedgerException | RuntimeException e) {
      if (!failing) {
        LOG.info(
            "reading providers' reputations failed, keeping the last known: {}", e.getMessage());
        failing = true;
      }
    }
  }

  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
