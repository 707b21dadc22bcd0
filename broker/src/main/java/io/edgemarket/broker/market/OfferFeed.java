package io.edgemarket.broker.market;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.model.Offer;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the offer book current from the ledger's OfferPublished/OfferWithdrawn events, so a new
 * offer can take work within milliseconds of its commit, without polling. A full {@code
 * offers:ListOffers} read at start (after subscribing, so nothing falls between the two) and then
 * every reconciliation period repairs the book should an event be lost, e.g. while Fabric's event
 * stream is re-established; expiry needs no read, as the book checks it at matching time.
 */
public final class OfferFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OfferFeed.class);
  public static final String OFFER_PUBLISHED = "OfferPublished";
  public static final String OFFER_WITHDRAWN = "OfferWithdrawn";

  private final OfferBook book;
  private final MarketLedger ledger;
  private final long periodMillis;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "edgemarket-offer-feed");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean failing;

  public OfferFeed(OfferBook book, MarketLedger ledger, long periodMillis) {
    this.book = book;
    this.ledger = ledger;
    this.periodMillis = periodMillis;
  }

  /** Polls once now, then every period. */
  public void start() throws LedgerException {
    book.replaceAll(ledger.liveOffers());
    timer.scheduleWithFixedDelay(this::poll, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Ledger event callback. */
  public void onEvent(String name, String payload) {
    if (OFFER_PUBLISHED.equals(name) || OFFER_WITHDRAWN.equals(name)) {
      try {
        book.upsert(Json.read(payload, Offer.class));
      } catch (IllegalArgumentException e) {
        LOG.warn("ignoring unreadable {} event", name);
      }
    }
  }

  private void poll() {
    try {
      book.replaceAll(ledger.liveOffers());
      if (failing) {
        LOG.info("offer polling recovered");
        failing = false;
      }
    } catch (LedgerException | RuntimeException e) {
      // Keep the last known book; log once per outage rather than every second.
      if (!failing) {
        LOG.warn("offer polling failed, keeping the last known offers: {}", e.getMessage());
        failing = true;
      }
    }
  }

  /** Stops polling; a poll in progress finishes (no interrupt reaches the ledger's I/O). */
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
