package io.edgemarket.broker.trigger;

import io.edgemarket.broker.chain.LedgerFeed;
import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records.GrantStatus;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Keeps the {@link RouteTable} and the {@link CronTriggers} (and any other trigger) current from
 * the ledger's GrantPublished/GrantRevoked events, so a new route answers, and a revoked one stops,
 * as soon as its transaction commits; a full {@code grants:ListGrants} read at start and every
 * period repairs the table should an event be lost, and brings the ledger's counters.
 */
public final class GrantFeed implements AutoCloseable {
  public static final String GRANT_PUBLISHED = "GrantPublished";
  public static final String GRANT_REVOKED = "GrantRevoked";

  private final LedgerFeed<GrantStatus> feed;
  private final List<Consumer<GrantStatus>> more = new CopyOnWriteArrayList<>();

  public GrantFeed(
      RouteTable table, CronTriggers schedules, MarketLedger ledger, long periodMillis) {
    this.feed =
        new LedgerFeed<>(
            "grant",
            Set.of(GRANT_PUBLISHED, GRANT_REVOKED),
            GrantStatus.class,
            status -> {
              table.upsert(status);
              schedules.upsert(status);
              more.forEach(sink -> sink.accept(status));
            },
            () -> {
              List<GrantStatus> grants = ledger.grants();
              table.upsertAll(grants);
              schedules.upsertAll(grants);
              more.forEach(sink -> grants.forEach(sink));
            },
            periodMillis);
  }

  /**
   * Also tells {@code sink} each grant read or heard of (the {@link ChainTriggers}, the {@link
   * MqttTriggers}); before start.
   */
  public GrantFeed feeding(Consumer<GrantStatus> sink) {
    more.add(sink);
    return this;
  }

  /** Reads once now, then every period. */
  public void start() throws LedgerException {
    feed.start();
  }

  /**
   * Reads every grant now (a route key the table lacks may be a grant whose event is on its way).
   */
  public void readNow() {
    feed.readNow();
  }

  /** Ledger event callback. */
  public void onEvent(String name, String payload) {
    feed.onEvent(name, payload);
  }

  @Override
  public void close() {
    feed.close();
  }
}
