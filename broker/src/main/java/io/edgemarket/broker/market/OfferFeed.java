package io.edgemarket.broker.market;

import io.edgemarket.broker.chain.LedgerFeed;
import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.model.Offer;
import io.edgemarket.model.ledger.LedgerException;
import java.util.Set;

/**
 * Keeps the offer book current from the ledger's OfferPublished/OfferWithdrawn events, so a new
 * offer can take work within milliseconds of its commit, without polling. A full {@code
 * offers:ListOffers} read at start (after subscribing, so nothing falls between the two) and then
 * every reconciliation period repairs the book should an event be lost, e.g. while Fabric's event
 * stream is re-established; expiry needs no read, as the book checks it at matching time.
 */
public final class OfferFeed implements AutoCloseable {
  public static final String OFFER_PUBLISHED = "OfferPublished";
  public static final String OFFER_WITHDRAWN = "OfferWithdrawn";

  private final LedgerFeed<Offer> feed;

  public OfferFeed(OfferBook book, MarketLedger ledger, long periodMillis) {
    this.feed =
        new LedgerFeed<>(
            "offer",
            Set.of(OFFER_PUBLISHED, OFFER_WITHDRAWN),
            Offer.class,
            book::upsert,
            () -> book.replaceAll(ledger.liveOffers()),
            periodMillis);
  }

  /** Polls once now, then every period. */
  public void start() throws LedgerException {
    feed.start();
  }

  /** Ledger event callback. */
  public void onEvent(String name, String payload) {
    feed.onEvent(name, payload);
  }

  /** Stops polling; a poll in progress finishes (no interrupt reaches the ledger's I/O). */
  @Override
  public void close() {
    feed.close();
  }
}
