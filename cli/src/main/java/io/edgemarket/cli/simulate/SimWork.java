package io.edgemarket.cli.simulate;

import io.edgemarket.agent.link.Cancellation;
import io.edgemarket.agent.link.LinkWork;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Usage;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.link.LinkFrame;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated sandbox behind one provider's real link: takes a slot (503 when all are busy, as
 * the agent does), waits a service time drawn around the provider's mean, and answers what {@code
 * upper} answers (a liar: something else) under a receipt signed exactly as the agent signs one.
 * Receipts are not journaled: the simulated agent never restarts, so the broker never needs to
 * collect them.
 */
final class SimWork implements LinkWork {
  private final ProviderSpec spec;
  private final Identity identity;
  private final String lieTag;
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong lies = new AtomicLong();
  private final AtomicLong busy = new AtomicLong();
  private final AtomicLong cancelled = new AtomicLong();

  /**
   * @param colluding liars all give the same wrong answer (else each its own)
   */
  SimWork(ProviderSpec spec, Identity identity, boolean colluding) {
    this.spec = spec;
    this.identity = identity;
    this.lieTag = colluding ? "the ring" : spec.name();
  }

  @Override
  public LinkFrame run(String id, InvokeRequest request) {
    return run(id, request, Cancellation.none());
  }

  @Override
  public LinkFrame run(String id, InvokeRequest request, Cancellation cancel) {
    if (active.incrementAndGet() > spec.slots()) {
      active.decrementAndGet();
      busy.incrementAndGet();
      return LinkFrame.error(
          id, 503, ErrorCodes.UNAVAILABLE, "all " + spec.slots() + " slots are busy");
    }
    try {
      long startedAt = System.currentTimeMillis();
      long wallMicros = serviceMicros();
      Thread.sleep(wallMicros / 1000, (int) (wallMicros % 1000) * 1000);
      if (cancel.cancelled()) {
        cancelled.incrementAndGet();
        return LinkFrame.error(id, 409, ErrorCodes.CANCELLED, "cancelled by the broker");
      }
      byte[] input = request.input();
      byte[] output = spec.liar() ? Truth.lie(input, lieTag) : Truth.output(input);
      long fuel = Truth.fuel(input);
      Receipt receipt =
          Receipt.sign(
              identity,
              request.ticket(),
              request.assignment(),
              output,
              Receipt.OK,
              new Usage(fuel, 1L << 20, wallMicros),
              spec.pricePerInvocation(),
              spec.pricePerMegaFuel(),
              startedAt,
              System.currentTimeMillis(),
              sequence.incrementAndGet());
      runs.incrementAndGet();
      if (spec.liar()) {
        lies.incrementAndGet();
      }
      return LinkFrame.result(id, new InvokeResponse(Receipt.OK, output, null, receipt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return LinkFrame.error(id, 500, ErrorCodes.INTERNAL, "interrupted");
    } catch (RuntimeException e) {
      return LinkFrame.error(id, 500, ErrorCodes.INTERNAL, "simulated agent failed: " + e);
    } finally {
      active.decrementAndGet();
    }
  }

  /** Half the mean plus an exponential tail with the other half as its mean. */
  private long serviceMicros() {
    double half = spec.meanServiceMillis() * 500.0;
    return Math.max(
        100, Math.round(half - half * Math.log(1 - ThreadLocalRandom.current().nextDouble())));
  }

  int active() {
    return active.get();
  }

  long runs() {
    return runs.get();
  }

  long lies() {
    return lies.get();
  }

  long busy() {
    return busy.get();
  }
}
