package io.edgemarket.broker.trigger;

import io.edgemarket.broker.invoke.InvocationRefusedException;
import io.edgemarket.broker.invoke.Refusal;
import io.edgemarket.model.ChainCondition;
import io.edgemarket.model.Grant;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.ledger.Records.GrantStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain steps ({@code chain:} grants) naming this broker: each OK run of a step's upstream
 * function whose ticket's consumer is the grant's consumer (its own invocations, and runs fired
 * under its other grants; never another consumer's, who could otherwise spend the grant) and whose
 * output meets the grant's condition fires the step with that output, on a pool, after the
 * upstream's answer is given. A step is one call under its grant ({@link LiveGrant}, as a schedule
 * firing is), limited per grant ({@code chain <grantId>}), with its own ticket and receipt.
 *
 * <p>A step's invocation id is derived from its grant and its upstream invocation, and carries its
 * depth ({@code chain-<depth>-<hash>}; any other id is depth 0): the same upstream result never
 * fires a step twice (a second firing would be a DUPLICATE), and a step deeper than {@link
 * #MAX_DEPTH} is refused, so a loop stops.
 */
public final class ChainTriggers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChainTriggers.class);

  /** The deepest step that fires: a direct invocation is depth 0, its step 1. */
  public static final int MAX_DEPTH = 8;

  /**
   * The outcome of an upstream run whose output did not meet a step's condition: nothing fired.
   * Counted so that a watcher (or a test) can tell "judged and not fired" from "not judged yet".
   */
  public static final String SKIPPED = "skipped";

  private static final String PREFIX = "chain-";
  private static final int RECENT = 10_000;
  private static final int THREADS = 16;
  private static final int WAITING = 4_096;

  /** Runs one step to its result: {@code InvocationService::fire} with an invocation id. */
  @FunctionalInterface
  public interface Firing {
    InvocationResult fire(
        Grant grant, byte[] input, long maxPrice, String limitKey, String invocationId);
  }

  private final String brokerId;
  private final Firing firing;
  private final LongSupplier clock;
  private final Consumer<String> outcomes;
  private final ExecutorService runs;
  private final Map<String, LiveGrant> byId = new ConcurrentHashMap<>();
  private final Set<String> tooDeep = ConcurrentHashMap.newKeySet();
  private final Map<String, Boolean> fired =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > RECENT;
        }
      };

  /**
   * {@code outcomes} is told {@code ok}, {@code refused} or {@code failed} per step, and {@link
   * #SKIPPED} per upstream run whose output did not meet a step's condition.
   */
  public ChainTriggers(
      String brokerId, Firing firing, LongSupplier clock, Consumer<String> outcomes) {
    this(brokerId, firing, clock, outcomes, boundedPool());
  }

  ChainTriggers(
      String brokerId,
      Firing firing,
      LongSupplier clock,
      Consumer<String> outcomes,
      ExecutorService runs) {
    this.brokerId = brokerId;
    this.firing = firing;
    this.clock = clock;
    this.outcomes = outcomes;
    this.runs = runs;
  }

  /** Adds a chain step or updates what the ledger says of it; ignores other grants. */
  public void upsert(GrantStatus status) {
    if (status == null || status.grant() == null || !brokerId.equals(status.grant().brokerId())) {
      return;
    }
    LiveGrant known = byId.get(status.grant().grantId());
    if (known != null) {
      known.update(status);
      return;
    }
    try {
      LiveGrant grant = new LiveGrant(status);
      if (grant.trigger().isChain()) {
        byId.putIfAbsent(grant.grant().grantId(), grant);
      }
    } catch (IllegalArgumentException e) {
      // not a trigger at all: not ours
    }
  }

  public void upsertAll(List<GrantStatus> grants) {
    grants.forEach(this::upsert);
  }

  /** {@code InvocationService.onSuccess}: fires the steps this OK run starts, on the pool. */
  public void succeeded(InvocationTicket upstream, byte[] output) {
    int depth = depthOf(upstream.invocationId()) + 1;
    for (LiveGrant grant : byId.values()) {
      Grant g = grant.grant();
      if (!g.consumerId().equals(upstream.consumerId())
          || !grant.trigger().upstream().equals(upstream.functionId())) {
        continue;
      }
      ChainCondition condition = grant.trigger().condition();
      if (!condition.test(output)) {
        outcomes.accept(SKIPPED);
        continue;
      }
      if (depth > MAX_DEPTH) {
        outcomes.accept(CronTriggers.REFUSED);
        if (tooDeep.add(g.grantId())) {
          LOG.warn(
              "chain grant {} not fired after {}: deeper than {} steps (logged once)",
              g.grantId(),
              upstream.invocationId(),
              MAX_DEPTH);
        }
        continue;
      }
      String stepId = stepId(g.grantId(), upstream.invocationId(), depth);
      synchronized (fired) {
        if (fired.put(stepId, Boolean.TRUE) != null) {
          continue; // this upstream result already fired this step
        }
      }
      byte[] input = output == null ? new byte[0] : output;
      try {
        runs.execute(() -> fire(grant, input, stepId, upstream.invocationId()));
      } catch (RejectedExecutionException e) {
        if (runs.isShutdown()) {
          return; // closing: steps no longer fire
        }
        // A burst beyond what the pool holds: refused, not queued without end.
        outcomes.accept(CronTriggers.REFUSED);
        LOG.warn(
            "chain grant {}: step after {} not fired: too many steps waiting",
            g.grantId(),
            upstream.invocationId());
      }
    }
  }

  private void fire(LiveGrant grant, byte[] input, String stepId, String parent) {
    Grant g = grant.grant();
    long reserved;
    try {
      reserved = grant.reserve(clock.getAsLong());
    } catch (InvocationRefusedException e) {
      outcomes.accept(CronTriggers.REFUSED);
      LOG.debug("chain grant {} refused step after {}: {}", g.grantId(), parent, e.getMessage());
      return;
    }
    try {
      InvocationResult result = firing.fire(g, input, reserved, "chain " + g.grantId(), stepId);
      if (result.status() == InvocationResult.Status.FAILED) {
        grant.refused(reserved); // nothing is charged for a run nobody made
        outcomes.accept(CronTriggers.FAILED);
      } else {
        grant.ran(reserved, result.cost());
        outcomes.accept(CronTriggers.OK);
        LOG.debug("chain grant {}: step {} after {}", g.grantId(), stepId, parent);
      }
    } catch (InvocationRefusedException e) {
      grant.refused(reserved);
      // DUPLICATE: this step already ran (e.g. before a restart), and is not paid twice.
      outcomes.accept(
          e.refusal() == Refusal.DUPLICATE ? CronTriggers.REFUSED : CronTriggers.FAILED);
      LOG.info("chain grant {}: step after {} not run: {}", g.grantId(), parent, e.getMessage());
    } catch (RuntimeException e) {
      grant.refused(reserved);
      outcomes.accept(CronTriggers.FAILED);
      LOG.info("chain grant {}: step after {} failed: {}", g.grantId(), parent, e.getMessage());
    }
  }

  /** How deep in a chain the invocation is: a step's id says; any other is 0. */
  static int depthOf(String invocationId) {
    if (invocationId == null || !invocationId.startsWith(PREFIX)) {
      return 0;
    }
    int dash = invocationId.indexOf('-', PREFIX.length());
    try {
      return dash < 0 ? 0 : Integer.parseInt(invocationId.substring(PREFIX.length(), dash));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The invocation id of {@code grantId}'s step after {@code upstreamId}, at {@code depth}. */
  static String stepId(String grantId, String upstreamId, int depth) {
    String cause = grantId + "\n" + upstreamId;
    return PREFIX
        + depth
        + "-"
        + Crypto.sha256Hex(cause.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }

  /** Lets steps under way finish. */
  @Override
  public void close() {
    runs.shutdown();
    try {
      runs.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * At most {@link #THREADS} steps run at once and {@link #WAITING} wait: a burst of upstream runs
   * must not start a thread each (each step also counts against its grant's in-flight limit).
   */
  private static ExecutorService boundedPool() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(WAITING),
            ChainTriggers::daemon);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "chain-step");
    t.setDaemon(true);
    return t;
  }
}
