package io.edgemarket.broker.chain;

import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker's view of some ledger records, kept current two ways: the chaincode's events as their
 * transactions commit ({@link #onEvent}), and a full read at start and every period, which repairs
 * the view should an event be lost (e.g. while Fabric's event stream is re-established). A read
 * that fails keeps the last view and is logged once per outage. One daemon thread; closing lets a
 * read in progress finish (no interrupt reaches the ledger's I/O).
 *
 * @param <E> what an event's payload holds
 */
public final class LedgerFeed<E> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerFeed.class);

  /** A full read of the records into the view. */
  @FunctionalInterface
  public interface FullRead {
    void run() throws LedgerException;
  }

  private final String what;
  private final Set<String> events;
  private final Class<E> payload;
  private final Consumer<E> onEvent;
  private final FullRead full;
  private final long periodMillis;
  private final ScheduledExecutorService timer;
  private volatile boolean failing;

  /**
   * @param what the records, for logs and the thread's name ("offer", "grant")
   * @param events the chaincode events that carry one record each, as {@code payload}
   */
  public LedgerFeed(
      String what,
      Set<String> events,
      Class<E> payload,
      Consumer<E> onEvent,
      FullRead full,
      long periodMillis) {
    this.what = what;
    this.events = Set.copyOf(events);
    this.payload = payload;
    this.onEvent = onEvent;
    this.full = full;
    this.periodMillis = periodMillis;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "edgemarket-" + what + "-feed");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Reads once now (failing if the ledger cannot be read), then every period. */
  public void start() throws LedgerException {
    full.run();
    timer.scheduleWithFixedDelay(this::poll, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Reads every period, the first time at once, without failing the start when it cannot. */
  public void startPolling() {
    timer.scheduleWithFixedDelay(this::poll, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Reads in full now, on the caller's thread; a failure is logged as a period's would be. */
  public void readNow() {
    poll();
  }

  /** Ledger event callback. */
  public void onEvent(String name, String json) {
    if (events.contains(name)) {
      try {
        onEvent.accept(Json.read(json, payload));
      } catch (IllegalArgumentException e) {
        LOG.warn("ignoring unreadable {} event", name);
      }
    }
  }

  private void poll() {
    try {
      full.run();
      if (failing) {
        LOG.info("{} polling recovered", what);
        failing = false;
      }
    } catch (LedgerException | RuntimeException e) {
      if (!failing) {
        LOG.warn("{} polling failed, keeping the last known: {}", what, e.getMessage());
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
