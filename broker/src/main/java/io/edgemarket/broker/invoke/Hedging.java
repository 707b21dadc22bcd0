package io.edgemarket.broker.invoke;

import io.edgemarket.broker.link.AgentLinks;
import io.edgemarket.broker.link.Cancellation;
import io.edgemarket.broker.market.LiveOffer;
import io.edgemarket.broker.metrics.BrokerMetrics;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.Receipt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One pass over the matched offers of a hedged invocation (issue 12, {@code
 * placement.hedgeAfterMillis}): the first offer is dispatched, and when it has not answered after
 * the delay the next one is too, as the same run (replica 0, each with this broker's own assignment
 * to its provider), so at most two are in flight. The first decisive answer wins: a good one (past
 * every check {@link Runs} makes) is the one answered and queued; a refusal ends the pass as it
 * would unhedged. The other run is cancelled (a {@code cancel} frame down its link) and its answer,
 * whenever it comes, is discarded, never queued: a good one is named to its agent as decided (a
 * {@code settled} frame), so its journal does not keep it as owed. A run that fails before the
 * delay fails over to the next offer at once, as unhedged; one hedge per pass.
 */
final class Hedging implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Hedging.class);
  private static final String INVOCATION_ID = "invocationId";

  private final Runs runs;
  private final AgentLinks links;
  private final BrokerMetrics metrics;
  private final ExecutorService flights =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "edgemarket-hedged-run");
            thread.setDaemon(true);
            return thread;
          });

  Hedging(Runs runs, AgentLinks links, BrokerMetrics metrics) {
    this.runs = runs;
    this.links = links;
    this.metrics = metrics;
  }

  /** Races the job's runs on {@code offers}, hedging after {@code hedgeAfterMillis}. */
  Attempts.Pass pass(Attempts.Job job, List<LiveOffer> offers, long hedgeAfterMillis) {
    long start = System.nanoTime();
    Race race = new Race(job);
    List<LiveOffer> busy = new ArrayList<>();
    String lastProblem = null;
    int next = 0;
    int inFlight = 0;
    boolean fired = false;
    try {
      race.launch(offers.get(next++), false);
      inFlight++;
      while (inFlight > 0) {
        Race.Flight done;
        if (!fired && inFlight == 1 && next < offers.size()) {
          done = race.finished.poll(hedgeAfterMillis, TimeUnit.MILLISECONDS);
          if (done == null) {
            race.launch(offers.get(next++), true);
            inFlight++;
            fired = true;
            metrics.hedge(BrokerMetrics.HEDGE_FIRED);
            continue;
          }
        } else {
          done = race.finished.take();
        }
        inFlight--;
        Runs.Outcome outcome = done.outcome;
        if (outcome instanceof Runs.Outcome.Good || outcome instanceof Runs.Outcome.Refused) {
          race.decide(done);
          if (outcome instanceof Runs.Outcome.Good && done.hedge) {
            metrics.hedge(BrokerMetrics.HEDGE_SECOND_WON);
          }
          return new Attempts.Pass(outcome, busy, lastProblem);
        }
        Runs.Outcome.Failed failed = (Runs.Outcome.Failed) outcome;
        lastProblem = failed.problem();
        if (failed.busy()) {
          busy.add(done.live);
        }
        if (inFlight == 0 && next < offers.size()) {
          race.launch(offers.get(next++), false);
          inFlight++;
        }
      }
      return new Attempts.Pass(null, busy, lastProblem);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      race.decide(null);
      return new Attempts.Pass(null, List.of(), "interrupted");
    } finally {
      job.dispatched(System.nanoTime() - start);
    }
  }

  /** The runs of one pass: each on its own thread, reporting to the pass when it ends. */
  private final class Race {
    /** One run in the race. */
    final class Flight {
      final LiveOffer live;
      final boolean hedge;
      final Cancellation cancel = new Cancellation();
      volatile Runs.Outcome outcome;

      Flight(LiveOffer live, boolean hedge) {
        this.live = live;
        this.hedge = hedge;
      }
    }

    final BlockingQueue<Flight> finished = new LinkedBlockingQueue<>();
    private final Attempts.Job job;
    private final List<Flight> launched = new ArrayList<>();
    private boolean decided;

    Race(Attempts.Job job) {
      this.job = job;
    }

    void launch(LiveOffer live, boolean hedge) {
      Flight flight = new Flight(live, hedge);
      synchronized (this) {
        launched.add(flight);
      }
      try {
        flights.execute(() -> fly(flight));
      } catch (RejectedExecutionException e) {
        // Closing: the run is not made, as a dispatch to a provider gone.
        flight.outcome = new Runs.Outcome.Failed("the broker is closing", true);
        finish(flight);
      }
    }

    private void fly(Flight flight) {
      MDC.put(INVOCATION_ID, job.invocationId());
      try {
        flight.outcome = runs.run(job, flight.live, Assignment.PRIMARY, flight.cancel);
      } catch (RuntimeException e) {
        LOG.warn("hedged run on {} failed", flight.live.offer().providerId(), e);
        flight.outcome = new Runs.Outcome.Failed("broker failure: " + e);
      } finally {
        MDC.remove(INVOCATION_ID);
      }
      finish(flight);
    }

    private void finish(Flight flight) {
      synchronized (this) {
        if (!decided) {
          finished.add(flight);
          return;
        }
      }
      discard(flight);
    }

    /** {@code winner} (null: none) ends the race: the others are cancelled, their answers go. */
    void decide(Flight winner) {
      List<Flight> late = new ArrayList<>();
      List<Flight> others = new ArrayList<>();
      synchronized (this) {
        decided = true;
        finished.drainTo(late);
        for (Flight flight : launched) {
          if (flight != winner) {
            others.add(flight);
          }
        }
      }
      others.forEach(flight -> flight.cancel.cancel());
      late.forEach(this::discard);
    }

    /** A losing run's answer: never queued; a good receipt is named to its agent as decided. */
    private void discard(Flight flight) {
      metrics.hedge(BrokerMetrics.HEDGE_LOSER_DISCARDED);
      if (flight.outcome instanceof Runs.Outcome.Good good) {
        Receipt receipt = good.run().receipt();
        links.decided(receipt.providerId(), receipt.sequence());
        LOG.info(
            "invocation {}: {} answered after another provider won; its receipt is not paid",
            job.invocationId(),
            receipt.providerId());
      }
    }
  }

  @Override
  public void close() {
    flights.shutdown();
  }
}
