package io.edgemarket.agent;

import io.edgemarket.agent.CapacityProbe.Capacity;
import io.edgemarket.agent.link.BrokerLink;
import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the agent visible to the market: on every tick it measures capacity, refreshes the offer if
 * needed and sends the broker a heartbeat with live load. Failures are logged once when they start
 * and once when they end, and retried on the next tick: a broker or ledger that is down for a while
 * must not take the agent down with it. A heartbeat the broker did not take is also retried between
 * ticks, from {@value #FIRST_RETRY_MILLIS} ms and doubling up to {@value #MAX_RETRY_MILLIS} ms, so
 * that a restarted broker knows this agent is alive within moments of answering again, not a tick
 * later (a dead agent sends nothing, so the broker still stops using it once its heartbeat ages).
 *
 * <p>With a link to the broker, heartbeats travel on it while it is up, and one goes out as soon as
 * it comes up or goes down; while it is down they go over HTTP when brokers may push to this agent
 * (so the broker pushes meanwhile), and nowhere otherwise (the broker then stops routing to this
 * agent, which it cannot reach).
 */
final class MarketPresence {
  private static final Logger LOG = LoggerFactory.getLogger(MarketPresence.class);
  private static final int WITHDRAW_ATTEMPTS = 4;
  private static final Duration EARNINGS_LOG_INTERVAL = Duration.ofMinutes(5);
  static final long FIRST_RETRY_MILLIS = 100;
  static final long MAX_RETRY_MILLIS = 500;

  private final AgentConfig config;
  private final OfferKeeper offers;
  private final BrokerClient broker;
  private final Slots slots;
  private final String endpoint;
  private final Clock clock;
  private final BrokerLink link;
  private final boolean pushable;
  private final ScheduledExecutorService timer;
  private volatile Capacity offered;
  private final Problem ledgerProblem = new Problem("offer refresh");
  private final Problem brokerProblem = new Problem("heartbeat");
  private long earningsCheckedAt;
  private long lastEarnings = -1;
  private long retryMillis; // on the timer thread only; 0 when no retry is scheduled

  MarketPresence(
      AgentConfig config,
      OfferKeeper offers,
      BrokerClient broker,
      Slots slots,
      String endpoint,
      Clock clock,
      BrokerLink link) {
    this.config = config;
    this.link = link;
    this.pushable = config.acceptsPush();
    this.offers = offers;
    this.broker = broker;
    this.slots = slots;
    this.endpoint = endpoint;
    this.clock = clock;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "provider-agent-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Registers, publishes the offer and starts the ticks; returns the capacity offered. */
  Capacity start() throws LedgerException {
    offers.register();
    Capacity capacity = offers.offerable();
    offers.publish(capacity);
    offered = capacity;
    earningsCheckedAt = clock.millis();
    long every = config.heartbeatInterval().toMillis();
    timer.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
    return capacity;
  }

  /** Stops ticking, withdraws the offer and tells the broker this agent is going away. */
  void stop() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(10, TimeUnit.SECONDS);
    withdraw();
    Capacity last = offered;
    if (last != null) {
      sendHeartbeat(last, true);
    }
  }

  /**
   * A refresh interrupted by stop() may still commit in the same block as the withdrawal, which
   * then loses on MVCC; the next block has settled it, so try again a few times.
   */
  private void withdraw() throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        offers.withdraw();
        return;
      } catch (LedgerException e) {
        if (!ErrorCodes.MVCC_READ_CONFLICT.equals(e.code()) || attempt == WITHDRAW_ATTEMPTS) {
          LOG.warn("could not withdraw offer {}: {}", config.offerId(), e.getMessage());
          return;
        }
        Thread.sleep(200L * attempt);
      } catch (RuntimeException e) {
        LOG.warn("could not withdraw offer {}: {}", config.offerId(), e.getMessage());
        return;
      }
    }
  }

  /** Sends a heartbeat saying the agent takes no more work; the offer stays until stop(). */
  void announceDraining() {
    Capacity last = offered;
    if (last != null) {
      sendHeartbeat(last, true);
    }
  }

  /** The link came up or went down: tell the broker now how to reach this agent. */
  void linkChanged() {
    try {
      timer.execute(
          () -> {
            Capacity last = offered;
            if (last != null && !sendHeartbeat(last, false)) {
              retrySoon();
            }
          });
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  private void tick() {
    // Anything escaping a scheduled task would silently cancel every later tick.
    try {
      Capacity capacity = offers.offerable();
      offered = capacity;
      try {
        if (offers.refreshIfNeeded(capacity)) {
          LOG.debug(
              "offer {} refreshed: {}m CPU, {} MB",
              config.offerId(),
              capacity.idleCpuMillis(),
              capacity.freeMemoryMb());
        }
        ledgerProblem.resolved();
      } catch (LedgerException e) {
        ledgerProblem.occurred(e);
      }
      if (!sendHeartbeat(capacity, false)) {
        retrySoon();
      }
      logEarningsNowAndThen();
    } catch (RuntimeException e) {
      LOG.warn("heartbeat tick failed", e);
    }
  }

  /** Schedules a heartbeat retry unless one is pending; each failure doubles the wait. */
  private void retrySoon() {
    if (retryMillis > 0) {
      return; // the pending retry carries on
    }
    retryMillis = FIRST_RETRY_MILLIS;
    schedule(retryMillis);
  }

  private void schedule(long delayMillis) {
    try {
      timer.schedule(this::retry, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      retryMillis = 0; // stopping
    }
  }

  private void retry() {
    try {
      Capacity last = offered;
      if (last == null || sendHeartbeat(last, false)) {
        retryMillis = 0;
        return;
      }
      retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
      schedule(retryMillis);
    } catch (RuntimeException e) {
      retryMillis = 0;
      LOG.warn("heartbeat retry failed", e);
    }
  }

  /** True when the broker took the heartbeat. */
  private boolean sendHeartbeat(Capacity capacity, boolean draining) {
    Heartbeat heartbeat =
        new Heartbeat(
            config.identity().id(),
            config.offerId(),
            endpoint,
            slots.active(),
            slots.max(),
            capacity.idleCpuMillis(),
            capacity.freeMemoryMb(),
            draining || slots.draining(),
            clock.millis());
    if (link != null && link.heartbeat(heartbeat)) {
      brokerProblem.resolved();
      return true;
    }
    if (!pushable) {
      return false; // reachable only on the link: the link logs its own trouble
    }
    try {
      broker.heartbeat(heartbeat);
      brokerProblem.resolved();
      return true;
    } catch (IOException e) {
      brokerProblem.occurred(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private void logEarningsNowAndThen() {
    long now = clock.millis();
    if (now - earningsCheckedAt < EARNINGS_LOG_INTERVAL.toMillis()) {
      return;
    }
    earningsCheckedAt = now;
    try {
      long earnings = offers.earnings();
      if (earnings != lastEarnings) {
        LOG.info("{} has earned {} so far", config.identity().id(), earnings);
        lastEarnings = earnings;
      }
    } catch (LedgerException e) {
      LOG.debug("could not read earnings: {}", e.getMessage());
    }
  }

  /**
   * Logs a recurring failure when it starts and when it ends, not on every tick. Synchronized: the
   * draining heartbeat is sent from the closing thread while a tick may still run.
   */
  private static final class Problem {
    private final String what;
    private boolean ongoing;

    Problem(String what) {
      this.what = what;
    }

    synchronized void occurred(Exception e) {
      if (!ongoing) {
        LOG.warn("{} failing (retrying): {}", what, e.getMessage());
        ongoing = true;
      } else {
        LOG.debug("{} still failing: {}", what, e.getMessage());
      }
    }

    synchronized void resolved() {
      if (ongoing) {
        LOG.info("{} working again", what);
        ongoing = false;
      }
    }
  }
}
