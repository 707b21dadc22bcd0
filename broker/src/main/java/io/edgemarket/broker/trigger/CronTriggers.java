package io.edgemarket.broker.trigger;

import io.edgemarket.broker.invoke.InvocationRefusedException;
import io.edgemarket.broker.invoke.Refusal;
import io.edgemarket.model.Grant;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.ledger.Records.GrantStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedules ({@code cron:} grants) naming this broker, fired as they come due: one daemon
 * thread wakes at the earliest next firing and hands each due one to a pool, where it runs as an
 * invocation under its grant ({@link Firing}, {@code InvocationService.fire}) with the grant's
 * input. A firing missed (the broker was down, or the previous firing of the same grant still runs)
 * is skipped, never replayed. An exhausted, revoked or expired grant stops firing; any other
 * failure (no provider, the function redeployed) is logged once per outage and the schedule goes
 * on.
 */
public final class CronTriggers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CronTriggers.class);
  private static final long MAX_SLEEP_MILLIS = 60_000;

  /** Runs one firing to its result: {@code InvocationService::fire}. */
  @FunctionalInterface
  public interface Firing {
    InvocationResult fire(Grant grant, byte[] input, long maxPrice, String limitKey);
  }

  public static final String OK = "ok";
  public static final String REFUSED = "refused";
  public static final String FAILED = "failed";

  private final String brokerId;
  private final Firing firing;
  private final LongSupplier clock;
  private final Consumer<String> outcomes;
  private final Map<String, CronEntry> byId = new ConcurrentHashMap<>();
  private final Object wake = new Object();
  private ExecutorService runs;
  private Thread thread;
  private boolean dirty;
  private volatile boolean closed;

  /** {@code outcomes} is told {@link #OK}, {@link #REFUSED} or {@link #FAILED} per firing. */
  public CronTriggers(
      String brokerId, Firing firing, LongSupplier clock, Consumer<String> outcomes) {
    this.brokerId = brokerId;
    this.firing = firing;
    this.clock = clock;
    this.outcomes = outcomes;
  }

  /** Adds a schedule or updates what the ledger says of it; ignores other grants. */
  public void upsert(GrantStatus status) {
    if (status == null || status.grant() == null || !brokerId.equals(status.grant().brokerId())) {
      return;
    }
    CronEntry known = byId.get(status.grant().grantId());
    if (known != null) {
      known.grant.update(status);
      return;
    }
    LiveGrant grant;
    try {
      grant = new LiveGrant(status);
    } catch (IllegalArgumentException e) {
      return;
    }
    if (!grant.trigger().isCron()) {
      return;
    }
    byId.computeIfAbsent(grant.grant().grantId(), id -> new CronEntry(grant, clock.getAsLong()));
    synchronized (wake) {
      dirty = true;
      wake.notifyAll();
    }
  }

  public void upsertAll(List<GrantStatus> grants) {
    grants.forEach(this::upsert);
  }

  /** Starts the scheduler thread; firings run on a pool of daemon threads. */
  public synchronized void start() {
    runs = Executors.newCachedThreadPool(daemon("cron-firing"));
    thread = daemon("cron-scheduler").newThread(this::loop);
    thread.start();
  }

  /**
   * Fires every schedule due now on {@code pool}; returns when the next is due (epoch ms, {@link
   * Long#MAX_VALUE} for none). Exposed for tests, which drive it with their own clock.
   */
  long tick(Executor pool) {
    long now = clock.getAsLong();
    long earliest = Long.MAX_VALUE;
    for (CronEntry entry : byId.values()) {
      if (entry.due(now)) {
        pool.execute(() -> fire(entry, now));
      }
      earliest = Math.min(earliest, entry.nextAt());
    }
    return earliest;
  }

  /** How many schedules are still firing. */
  public int live() {
    return (int) byId.values().stream().filter(e -> e.nextAt() != Long.MAX_VALUE).count();
  }

  private void fire(CronEntry entry, long now) {
    Grant grant = entry.grant.grant();
    long reserved;
    try {
      reserved = entry.grant.reserve(now);
    } catch (InvocationRefusedException e) {
      outcomes.accept(REFUSED);
      Refusal why = e.refusal();
      if (why == Refusal.GRANT_EXHAUSTED
          || why == Refusal.GRANT_REVOKED
          || now > grant.notAfter()) {
        entry.stop();
        LOG.info("schedule of grant {} stops: {}", grant.grantId(), e.getMessage());
      }
      entry.ended();
      return;
    }
    try {
      InvocationResult result =
          firing.fire(grant, entry.input, reserved, "cron " + grant.grantId());
      if (result.status() == InvocationResult.Status.FAILED) {
        entry.grant.refused(reserved); // nothing is charged for a run nobody made
        failed(entry, result.error());
      } else {
        entry.grant.ran(reserved, result.cost());
        outcomes.accept(OK);
        if (entry.outage.recovered()) {
          LOG.info("schedule of grant {} fires again", grant.grantId());
        }
      }
    } catch (RuntimeException e) {
      entry.grant.refused(reserved);
      failed(entry, e.getMessage());
    } finally {
      entry.ended();
    }
  }

  private void failed(CronEntry entry, String why) {
    outcomes.accept(FAILED);
    if (entry.outage.failedFirst()) {
      LOG.warn(
          "schedule of grant {} failed to fire ({}); it goes on, logged again once it recovers",
          entry.grant.grant().grantId(),
          why);
    }
  }

  private void loop() {
    while (!closed) {
      try {
        long next = tick(runs);
        synchronized (wake) {
          long wait = Math.min(next - clock.getAsLong(), MAX_SLEEP_MILLIS);
          if (!dirty && wait > 0 && !closed) {
            wake.wait(wait);
          }
          dirty = false;
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("cron scheduler pass failed", e);
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    try {
      if (thread != null) {
        thread.interrupt();
        thread.join(5_000);
      }
      if (runs != null) {
        runs.shutdown();
        runs.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
