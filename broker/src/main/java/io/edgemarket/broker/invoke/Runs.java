package io.edgemarket.broker.invoke;

import io.edgemarket.broker.link.Cancellation;
import io.edgemarket.broker.market.LiveOffer;
import io.edgemarket.broker.market.RefusalLog;
import io.edgemarket.broker.metrics.BrokerMetrics;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of an invocation on one offer: the broker's signed assignment (replica 0 for the primary
 * run, 1 and 2 for the redundant runs of a sampled ticket), the dispatch, and the check of the
 * agent's answer. A provider fault makes the provider suspect for a while.
 */
final class Runs {
  /** A run whose answer checked out: the offer, the assignment and the agent's answer. */
  record Run(LiveOffer live, Assignment assignment, InvokeResponse response) {
    Receipt receipt() {
      return response.receipt();
    }

    String providerId() {
      return live.offer().providerId();
    }

    byte[] output() {
      return response.output() == null ? new byte[0] : response.output();
    }
  }

  /** How one run ended. */
  sealed interface Outcome {
    record Good(Run run) implements Outcome {}

    /** The agent refused the request itself: no other provider would take it either. */
    record Refused(String message) implements Outcome {}

    /**
     * Nothing usable: busy (every slot taken: worth asking again shortly), unreachable, or a bad
     * answer (the provider is then suspect).
     */
    record Failed(String problem, boolean busy) implements Outcome {
      Failed(String problem) {
        this(problem, false);
      }
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Runs.class);

  /** Extra time beyond the function's own deadline for the agent to answer. */
  static final long DISPATCH_GRACE_MILLIS = 2_000;

  /** How long a faulty provider sinks to the bottom of every ranking. */
  static final long SUSPECT_MILLIS = 30_000;

  private final Dispatcher dispatcher;
  private final AgentAnswerCheck check;
  private final BrokerMetrics metrics;

  Runs(Dispatcher dispatcher, AgentAnswerCheck check, BrokerMetrics metrics) {
    this.dispatcher = dispatcher;
    this.check = check;
    this.metrics = metrics;
  }

  /** Dispatches run {@code replica} of the job to {@code live}; adds the round trip to its time. */
  Outcome run(Attempts.Job job, LiveOffer live, int replica) {
    return run(job, live, replica, null);
  }

  /**
   * As {@link #run(Attempts.Job, LiveOffer, int)}, for one of the racing runs of a hedged call
   * ({@link Hedging}): {@code cancel} can stop it on its agent, which is then no fault of the
   * provider's, and the race (not each run) adds its time to the job's.
   */
  Outcome run(Attempts.Job job, LiveOffer live, int replica, Cancellation cancel) {
    Offer offer = live.offer();
    Assignment assignment = dispatcher.assign(job.ticket(), offer, replica);
    InvokeRequest request =
        new InvokeRequest(job.ticket(), job.function(), offer.offerId(), job.input(), assignment);
    long timeout = job.function().timeoutMs() + DISPATCH_GRACE_MILLIS;
    long start = System.nanoTime();
    Dispatcher.Outcome outcome;
    live.begin();
    try {
      outcome = dispatcher.send(offer, request, timeout, cancel);
    } finally {
      live.end();
    }
    long roundTrip = System.nanoTime() - start;
    if (cancel == null) {
      job.dispatched(roundTrip);
    }
    metrics.dispatched(roundTrip);
    if (outcome instanceof Dispatcher.Outcome.Answered answered) {
      String problem =
          check.problem(answered.response(), job.ticket(), job.function(), offer, assignment);
      if (problem == null) {
        live.stats().success(roundTrip);
        return new Outcome.Good(new Run(live, assignment, answered.response()));
      }
      return new Outcome.Failed(fault(job, live, problem));
    }
    if (outcome instanceof Dispatcher.Outcome.Refused refused) {
      refusal(job, live, RefusalLog.REFUSED, refused.message());
      return new Outcome.Refused(refused.message());
    }
    if (outcome instanceof Dispatcher.Outcome.Busy) {
      refusal(job, live, RefusalLog.BUSY, "every slot taken");
      return new Outcome.Failed(offer.providerId() + " is busy", true);
    }
    if (outcome instanceof Dispatcher.Outcome.Cancelled) {
      // Told to stop by this broker: no fault of the provider's.
      return new Outcome.Failed(offer.providerId() + " stopped: another provider answered first");
    }
    return new Outcome.Failed(fault(job, live, ((Dispatcher.Outcome.Fault) outcome).reason()));
  }

  private static String fault(Attempts.Job job, LiveOffer live, String problem) {
    String provider = live.offer().providerId();
    live.stats().fault(System.currentTimeMillis(), SUSPECT_MILLIS);
    refusal(job, live, RefusalLog.FAULT, problem);
    LOG.warn("invocation {}: provider {} failed: {}", job.invocationId(), provider, problem);
    return provider + ": " + problem;
  }

  private static void refusal(Attempts.Job job, LiveOffer live, String kind, String reason) {
    live.stats().refusals().record(System.currentTimeMillis(), job.invocationId(), kind, reason);
  }
}
