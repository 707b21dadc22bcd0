package io.edgemarket.broker.invoke;

import io.edgemarket.broker.market.LiveOffer;
import io.edgemarket.broker.metrics.BrokerMetrics;
import io.edgemarket.broker.settle.SettlementQueue;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The dispatch loop of one invocation: try the ranked offers in turn (each from a different
 * provider) until one returns a receipt that checks out. A provider fault makes the provider
 * suspect and moves on at once; nothing is charged for an attempt without a good receipt, and a
 * good receipt is on disk before the consumer hears of it. A sampled invocation of a {@code
 * redundant} or {@code reexecute} function then goes through its {@link Checks} before anything is
 * queued, so that a run found wrong is never paid. A call the consumer asked to hedge (issue 12)
 * goes through {@link Hedging}'s passes instead: a second offer joins a first that is slow to
 * answer, the first good answer wins, and only it is ever queued.
 */
final class Attempts {
  /** One accepted invocation on its way to providers: everything the dispatch loop needs. */
  static final class Job {
    private final InvocationTicket ticket;
    private final FunctionSpec function;
    private final byte[] input;
    private final List<LiveOffer> candidates;
    private final InvocationRegistry.Entry entry;
    private final long startNanos;
    private final Long hedgeAfterMillis;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final LongAdder dispatchNanos = new LongAdder();

    Job(
        InvocationTicket ticket,
        FunctionSpec function,
        byte[] input,
        List<LiveOffer> candidates,
        InvocationRegistry.Entry entry,
        long startNanos,
        Long hedgeAfterMillis) {
      this.ticket = ticket;
      this.function = function;
      this.input = input;
      this.candidates = candidates;
      this.entry = entry;
      this.startNanos = startNanos;
      this.hedgeAfterMillis = hedgeAfterMillis;
      held.add(ticket.invocationId());
    }

    InvocationTicket ticket() {
      return ticket;
    }

    FunctionSpec function() {
      return function;
    }

    byte[] input() {
      return input;
    }

    List<LiveOffer> candidates() {
      return candidates;
    }

    InvocationRegistry.Entry entry() {
      return entry;
    }

    long startNanos() {
      return startNanos;
    }

    String invocationId() {
      return ticket.invocationId();
    }

    /** The consumer's hedge delay (issue 12), or null: not hedged. */
    Long hedgeAfterMillis() {
      return hedgeAfterMillis;
    }

    String consumerId() {
      return ticket.consumerId();
    }

    /** The run ids escrow holds money for (the invocation id, and any redundant run's). */
    Set<String> held() {
      return held;
    }

    void dispatched(long nanos) {
      dispatchNanos.add(nanos);
    }
  }

  /**
   * One pass over the offers to try: the decisive outcome (a good run, or a refusal; null when
   * none), the offers that answered busy (worth asking again), and the last problem met.
   */
  record Pass(Runs.Outcome decisive, List<LiveOffer> busy, String lastProblem) {}

  private static final Logger LOG = LoggerFactory.getLogger(Attempts.class);
  private static final String INVOCATION_ID = "invocationId";

  private final Runs runs;
  private final Hedging hedging;
  private final Checks checks;
  private final SettlementQueue queue;
  private final BrokerMetrics metrics;
  private final InvocationEnds ends;
  private volatile BiConsumer<InvocationTicket, byte[]> succeeded = (ticket, output) -> {};

  Attempts(
      Runs runs,
      Hedging hedging,
      Checks checks,
      SettlementQueue queue,
      BrokerMetrics metrics,
      InvocationEnds ends) {
    this.runs = runs;
    this.hedging = hedging;
    this.checks = checks;
    this.queue = queue;
    this.metrics = metrics;
    this.ends = ends;
  }

  void onSuccess(BiConsumer<InvocationTicket, byte[]> listener) {
    this.succeeded = listener;
  }

  /** Runs the job to its end; the entry holds the result, the exception (if any) the refusal. */
  InvocationResult run(Job job) {
    // Every line logged while dispatching carries the invocation (see cli's logback.xml).
    MDC.put(INVOCATION_ID, job.invocationId());
    try {
      return attempt(job);
    } finally {
      MDC.remove(INVOCATION_ID);
    }
  }

  private InvocationResult attempt(Job job) {
    String lastProblem = "no provider answered";
    try {
      List<LiveOffer> toTry = job.candidates();
      SlotWait wait = SlotWait.forJob(job);
      while (true) {
        Pass pass =
            job.hedgeAfterMillis() == null
                ? inTurn(job, toTry)
                : hedging.pass(job, toTry, job.hedgeAfterMillis());
        if (pass.lastProblem() != null) {
          lastProblem = pass.lastProblem();
        }
        if (pass.decisive() instanceof Runs.Outcome.Good good) {
          return accept(job, checks.check(job, good.run()));
        }
        if (pass.decisive() instanceof Runs.Outcome.Refused refused) {
          fail(
              job,
              "the provider refused the request: " + refused.message(),
              Refusal.PROVIDER_REFUSED);
          throw new InvocationRefusedException(Refusal.PROVIDER_REFUSED, refused.message());
        }
        List<LiveOffer> busy = pass.busy();
        // Every slot of the providers still worth asking was taken: a burst larger than the
        // market's slots waits for one to free up, as a FaaS platform queues, rather than failing
        // calls that a few milliseconds later would run. Faulty providers are not asked again.
        if (busy.isEmpty() || !wait.pause()) {
          break;
        }
        toTry = busy;
      }
      String error = "every attempted provider failed (nothing charged); last: " + lastProblem;
      fail(job, error, Refusal.PROVIDERS_FAILED);
      throw new InvocationRefusedException(Refusal.PROVIDERS_FAILED, error);
    } finally {
      metrics.overhead(System.nanoTime() - job.startNanos() - job.dispatchNanos.sum());
    }
  }

  /** The offers one after the other, until one answers decisively. */
  private Pass inTurn(Job job, List<LiveOffer> toTry) {
    List<LiveOffer> busy = new ArrayList<>();
    String lastProblem = null;
    for (LiveOffer live : toTry) {
      Runs.Outcome outcome = runs.run(job, live, 0);
      if (!(outcome instanceof Runs.Outcome.Failed failed)) {
        return new Pass(outcome, busy, lastProblem);
      }
      lastProblem = failed.problem();
      if (failed.busy()) {
        busy.add(live);
      }
    }
    return new Pass(null, busy, lastProblem);
  }

  private InvocationResult accept(Job job, Checks.Checked checked) {
    InvocationResult result = FunctionLogs.keptFor(job, checked.result());
    ends.accepted(job, result, checked.toSettle());
    try {
      for (Receipt receipt : checked.toSettle()) {
        queue.append(receipt);
      }
    } catch (IOException e) {
      LOG.error("invocation {}: receipt could not be queued, not charging", job.invocationId(), e);
      fail(job, "the broker could not record the receipt", Refusal.NOT_RECORDED);
      throw new InvocationRefusedException(Refusal.NOT_RECORDED, "could not record the receipt");
    }
    ends.served(
        result.status() == InvocationResult.Status.OK ? Receipt.OK : Receipt.FUNCTION_ERROR);
    metrics.invocation(result.status().name(), System.nanoTime() - job.startNanos());
    if (result.status() == InvocationResult.Status.OK) {
      try {
        succeeded.accept(job.ticket(), result.output());
      } catch (RuntimeException e) {
        // What follows a run never spoils its answer.
        LOG.warn("invocation {}: success listener failed", job.invocationId(), e);
      }
    }
    return result;
  }

  private void fail(Job job, String error, Refusal why) {
    ends.failed(job, error, why);
    metrics.invocation(InvocationResult.Status.FAILED.name(), System.nanoTime() - job.startNanos());
  }
}
