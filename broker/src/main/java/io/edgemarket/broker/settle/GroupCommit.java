package io.edgemarket.broker.settle;

import io.edgemarket.model.Receipt;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settlement queue's dedicated force thread (issue 11): receipts are answered once written to
 * the OS, and this thread forces them within {@link #WINDOW_MICROS} µs of the first one waiting (at
 * once when {@link #FORCE_AT} wait), then tells the listener which receipts are on disk. A killed
 * broker loses nothing (the page cache outlives the process); a machine that loses power in the
 * window loses the receipts written since the last force, which the agents that signed them still
 * keep and hand back when the broker asks again.
 */
final class GroupCommit implements AutoCloseable {
  static final long WINDOW_MICROS = 1_000;
  static final int FORCE_AT = 64;
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  /** Forces what was written (the queue's current receipts log). */
  interface Force {
    void run() throws IOException;
  }

  private final Force force;
  private final Thread thread;
  private volatile Consumer<List<Receipt>> durable = receipts -> {};
  private List<Receipt> waiting = new ArrayList<>();
  private boolean closed;

  GroupCommit(Force force) {
    this.force = force;
    this.thread = new Thread(this::loop, "settlement-group-commit");
    thread.setDaemon(true);
    thread.start();
  }

  void onDurable(Consumer<List<Receipt>> listener) {
    this.durable = listener;
  }

  /** A receipt was written: it will be forced within the window. */
  synchronized void written(Receipt receipt) {
    waiting.add(receipt);
    if (waiting.size() == 1 || waiting.size() >= FORCE_AT) {
      notifyAll();
    }
  }

  private void loop() {
    while (true) {
      List<Receipt> batch;
      synchronized (this) {
        try {
          while (waiting.isEmpty() && !closed) {
            wait();
          }
          long deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(WINDOW_MICROS);
          long left;
          while (waiting.size() < FORCE_AT
              && !closed
              && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          }
        } catch (InterruptedException e) {
          return;
        }
        if (waiting.isEmpty()) {
          return; // closed with nothing left
        }
        batch = waiting;
        waiting = new ArrayList<>();
      }
      try {
        force.run();
      } catch (ClosedChannelException e) {
        // Compacted meanwhile: the forced checkpoint holds them. Or closed: the next start reads
        // what the page cache wrote.
      } catch (IOException e) {
        LOG.error(
            "forcing the settlement queue failed; {} receipts not yet on disk", batch.size(), e);
        continue;
      }
      durable.accept(batch);
    }
  }

  /** Forces what is waiting and stops the thread. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
