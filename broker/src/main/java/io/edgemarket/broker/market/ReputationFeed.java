package io.edgemarket.broker.market;

import io.edgemarket.broker.chain.LedgerFeed;
import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records.Reputation;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the ledger's reputation of every provider in the offer book, in the background, into its
 * {@link ProviderStats} (disputes lost), so matching can prefer providers never found wrong without
 * a ledger read on the invocation path. Disputes this broker resolves update the stats at once.
 */
public final class ReputationFeed implements AutoCloseable {
  private final OfferBook book;
  private final MarketLedger ledger;
  private final LedgerFeed<Reputation> feed;

  public ReputationFeed(OfferBook book, MarketLedger ledger, long periodMillis) {
    this.book = book;
    this.ledger = ledger;
    // No chaincode event carries a reputation: read only.
    this.feed =
        new LedgerFeed<>(
            "reputation", Set.of(), Reputation.class, r -> {}, this::read, periodMillis);
  }

  public void start() {
    feed.startPolling();
  }

  private void read() throws LedgerException {
    Set<String> providers = new HashSet<>();
    for (LiveOffer live : book.snapshot()) {
      providers.add(live.offer().providerId());
    }
    for (String provider : providers) {
      Optional<Reputation> reputation = ledger.reputation(provider);
      book.stats(provider).disputesLost(reputation.map(Reputation::disputesLost).orElse(0L));
    }
  }

  @Override
  public void close() {
    feed.close();
  }
}
