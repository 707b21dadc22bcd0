package io.edgemarket.broker.trigger;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records.GrantStatus;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link RouteTable} current from the ledger's GrantPublished/GrantRevoked events, so a
 * new route answers, and a revoked one stops, as soon as its transaction commits; a full {@code
 * grants:ListGrants} read at start and every period repairs the table should an event be lost, and
 * brings the ledger's counters.
 */
public final class GrantFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GrantFeed.class);
  public static final String GRANT_PUBLISHED = "GrantPublished";
  public static final String GRANT_REVOKED = "GrantRevoked";

  private final RouteTable table;
  private final MarketLedger ledger;
  private final long periodMillis;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "edgemarket-grant-feed");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean failing;

  public GrantFeed(RouteTable table, MarketLedger ledger, long periodMillis) {
    this.table = table;
    this.ledger = ledger;
    this.periodMillis = periodMillis;
  }

  /** Reads once now, then every period. */
  public void start() throws LedgerException {
    table.upsertAll(ledger.grants());
    timer.scheduleWithFixedDelay(this::poll, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Ledger event callback. */
  public void onEvent(String name, String payload) {
    if (GRANT_PUBLISHED.equals(name) || GRANT_REVOKED.equals(name)) {
      try {
        table.upsert(Json.read(payload, GrantStatus.class));
      } catch (IllegalArgumentException e) {
        LOG.warn("ignoring unreadable {} event", name);
      }
    }
  }

  private void poll() {
    try {
      table.upsertAll(ledger.grants());
      if (failing) {
        LOG.info("grant polling recovered");
        failing = false;
      }
    } catch (LedgerException | RuntimeException e) {
      if (!failing) {
        LOG.warn("grant polling failed, keeping the last known grants: {}", e.getMessage());
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
