package io.edgemarket.broker.invoke;

import io.edgemarket.broker.market.LiveOffer;
import io.edgemarket.broker.metrics.BrokerMetrics;
import io.edgemarket.broker.settle.SettlementQueue;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The dispatch loop of one invocation: try the ranked offers in turn (each from a different
 * provider) until one returns a receipt that checks out. A provider fault makes the provider
 * suspect and moves on at once; nothing is charged for an attempt without a good receipt, and a
 * good receipt is on disk before the consumer hears of it.
 */
final class Attempts {
  /** One accepted invocation on its way to a provider: everything the dispatch loop needs. */
  record Job(
      InvocationTicket ticket,
      FunctionSpec function,
      byte[] input,
      List<LiveOffer> candidates,
      InvocationRegistry.Entry entry,
      long startNanos) {

    String invocationId() {
      return ticket.invocationId();
    }

    String consumerId() {
      return ticket.consumerId();
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Attempts.class);
  private static final String INVOCATION_ID = "invocationId";

  /** Extra time beyond the function's own deadline for the agent to answer. */
  static final long DISPATCH_GRACE_MILLIS = 2_000;

  /** How long a faulty provider sinks to the bottom of every ranking. */
  static final long SUSPECT_MILLIS = 30_000;

  private final Dispatcher dispatcher;
  private final AgentAnswerCheck check;
  private final SettlementQueue queue;
  private final BrokerMetrics metrics;
  private final InvocationEnds ends;

  Attempts(
      Dispatcher dispatcher,
      AgentAnswerCheck check,
      SettlementQueue queue,
      BrokerMetrics metrics,
      InvocationEnds ends) {
    this.dispatcher = dispatcher;
    this.check = check;
    this.queue = queue;
    this.metrics = metrics;
    this.ends = ends;
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
    long dispatchNanos = 0;
    String lastProblem = "no provider answered";
    try {
      for (LiveOffer live : job.candidates()) {
        Offer offer = live.offer();
        InvokeRequest request =
            new InvokeRequest(
                job.ticket(),
                job.function(),
                offer.offerId(),
                job.input(),
                dispatcher.assign(job.ticket(), offer));
        long timeout = job.function().timeoutMs() + DISPATCH_GRACE_MILLIS;
        long start = System.nanoTime();
        Dispatcher.Outcome outcome;
        live.begin();
        try {
          outcome = dispatcher.send(offer.endpoint(), request, timeout);
        } finally {
          live.end();
        }
        long roundTrip = System.nanoTime() - start;
        dispatchNanos += roundTrip;
        metrics.dispatched(roundTrip);
        if (outcome instanceof Dispatcher.Outcome.Answered answered) {
          String problem =
              check.problem(answered.response(), job.ticket(), offer, request.assignment());
          if (problem == null) {
            live.stats().success(roundTrip);
            return accept(job, answered.response());
          }
          lastProblem = fault(job, live, problem);
        } else if (outcome instanceof Dispatcher.Outcome.Refused refused) {
          fail(job, "the provider refused the request: " + refused.message());
          throw new InvocationRefusedException(Refusal.PROVIDER_REFUSED, refused.message());
        } else if (outcome instanceof Dispatcher.Outcome.Busy busy) {
          lastProblem = offer.providerId() + " is busy";
        } else if (outcome instanceof Dispatcher.Outcome.Fault failure) {
          lastProblem = fault(job, live, failure.reason());
        }
      }
      String error = "every attempted provider failed (nothing charged); last: " + lastProblem;
      fail(job, error);
      throw new InvocationRefusedException(Refusal.PROVIDERS_FAILED, error);
    } finally {
      metrics.overhead(System.nanoTime() - job.startNanos() - dispatchNanos);
    }
  }

  private InvocationResult accept(Job job, InvokeResponse response) {
    Receipt receipt = response.receipt();
    byte[] output = response.output() == null ? new byte[0] : response.output();
    InvocationResult result = Outcomes.served(receipt, output, response.error());
    ends.accepted(job, result, receipt.amount());
    try {
      queue.append(receipt);
    } catch (IOException e) {
      LOG.error("invocation {}: receipt could not be queued, not charging", job.invocationId(), e);
      fail(job, "the broker could not record the receipt");
      throw new InvocationRefusedException(Refusal.NOT_RECORDED, "could not record the receipt");
    }
    ends.served(receipt.status());
    metrics.invocation(receipt.status());
    return result;
  }

  private String fault(Job job, LiveOffer live, String problem) {
    String provider = live.offer().providerId();
    live.stats().fault(System.currentTimeMillis(), SUSPECT_MILLIS);
    LOG.warn("invocation {}: provider {} failed: {}", job.invocationId(), provider, problem);
    return provider + ": " + problem;
  }

  private void fail(Job job, String error) {
    ends.failed(job, error);
    metrics.invocation(InvocationResult.Status.FAILED.name());
  }
}
