package io.edgemarket.ledger.embedded;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers committed chaincode events to listeners on one thread of its own, in commit order. Not
 * on the committer's thread: a slow listener must not hold up commits, and a listener may itself
 * submit a transaction, which waits for the committer.
 */
final class EventDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

  private final List<Consumer<LedgerEvent>> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread t = new Thread(runnable, "embedded-ledger-events");
            t.setDaemon(true);
            return t;
          });

  void add(Consumer<LedgerEvent> listener) {
    listeners.add(listener);
  }

  void remove(Consumer<LedgerEvent> listener) {
    listeners.remove(listener);
  }

  void publish(LogRecords.Sealed sealed) {
    List<LedgerEvent> events = new ArrayList<>();
    for (LogRecords.Tx tx : sealed.block().txs()) {
      if (tx.event() != null) {
        byte[] payload = LogCodec.unbase64(tx.event().payload());
        events.add(
            new LedgerEvent(
                sealed.block().number(),
                tx.txId(),
                tx.event().name(),
                payload == null ? "" : new String(payload, StandardCharsets.UTF_8)));
      }
    }
    if (!events.isEmpty() && !listeners.isEmpty()) {
      try {
        thread.execute(() -> events.forEach(this::deliver));
      } catch (RejectedExecutionException e) {
        LOG.debug("ledger closing: events of block {} not delivered", sealed.block().number());
      }
    }
  }

  private void deliver(LedgerEvent event) {
    for (Consumer<LedgerEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("ledger event listener failed on {} of tx {}", event.name(), event.txId(), e);
      }
    }
  }

  /** Delivers what is already queued, waiting a little for it. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
