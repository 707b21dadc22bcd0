package io.edgemarket.cli;

import io.edgemarket.cli.market.LocalMarket;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * A market started by {@code up} or {@code broker start}, run in the foreground: until Ctrl-C or
 * SIGTERM, which closes it (draining agents, closing the ledger) before the JVM exits.
 */
final class Foreground {
  /** What to do once the market is up and the stop hook is in place. */
  interface WhileUp {
    void run() throws Exception;
  }

  private Foreground() {}

  /** Runs {@code whileUp}, then waits for the signal that stops {@code market}; returns 0. */
  static int hold(LocalMarket market, PrintStream err, WhileUp whileUp) throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              err.println("edgemarket: stopping (draining agents, closing ledger)...");
              market.close();
              err.println("edgemarket: stopped");
              stopped.countDown();
            },
            "edgemarket-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    whileUp.run();
    stopped.await();
    return 0;
  }
}
