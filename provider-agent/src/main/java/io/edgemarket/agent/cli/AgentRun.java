package io.edgemarket.agent.cli;

import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.model.ledger.LedgerException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One agent's life on the command line, until Ctrl-C or SIGTERM: start it, print what it offers,
 * then its earnings every 30 s; on the signal drain it (no new work, running invocations finish,
 * the offer is withdrawn) and print what it earned. The shutdown hook holds the JVM until the drain
 * is over, so systemd's SIGTERM never cuts an invocation short.
 */
public final class AgentRun {
  public static final long REPORT_SECONDS = 30;
  private static final long DRAIN_WAIT_SECONDS = 30;

  private final ProviderAgent built;
  private final StartOptions options;
  private final PrintStream out;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile ProviderAgent agent;

  public AgentRun(ProviderAgent built, StartOptions options, PrintStream out) {
    this.built = built;
    this.options = options;
    this.out = out;
  }

  /**
   * Runs the agent until {@link #stop} or a shutdown signal, then drains it.
   *
   * @throws IOException or LedgerException when the agent cannot start (nothing to drain then)
   */
  public void run() throws IOException, LedgerException, InterruptedException {
    built.start();
    agent = built;
    out.println(options.describe(built));
    out.flush();
    Thread hook = new Thread(this::stopAndWait, "edgemarket-provider-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    ScheduledExecutorService reports =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "edgemarket-earnings");
              thread.setDaemon(true);
              return thread;
            });
    reports.scheduleAtFixedRate(
        () -> report("so far"), REPORT_SECONDS, REPORT_SECONDS, TimeUnit.SECONDS);
    try {
      stopRequested.await();
    } finally {
      reports.shutdownNow();
      out.println("edgemarket: draining " + built.identity().id() + "...");
      built.close();
      report("in total (receipts still being settled are paid later)");
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down: the hook is what woke us.
      }
    }
  }

  /** The running agent, or null before it has started. */
  public ProviderAgent agent() {
    return agent;
  }

  /** Asks {@link #run} to drain the agent and return, as Ctrl-C does. */
  public void stop() {
    stopRequested.countDown();
  }

  /** The shutdown hook: the JVM must not exit before the drain has finished. */
  private void stopAndWait() {
    stop();
    try {
      stopped.await(DRAIN_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void report(String when) {
    ProviderAgent current = agent;
    try {
      out.println(
          "edgemarket: " + current.identity().id() + " earned " + current.earnings() + " " + when);
    } catch (LedgerException | RuntimeException e) {
      out.println("edgemarket: earnings unavailable (" + e.getMessage() + ")");
    }
    out.flush();
  }
}
