package io.edgemarket.agent;

import io.edgemarket.agent.sandbox.Execution;
import io.edgemarket.agent.sandbox.Limits;
import io.edgemarket.agent.sandbox.LoadedModule;
import io.edgemarket.agent.sandbox.WasmSandbox;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Usage;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one dispatched invocation: admit, take a slot, get the code, run it in the sandbox, sign the
 * receipt. A function error is a normal, signed, paid result; anything that goes wrong on the
 * agent's side is an {@link AgentException} and gets no receipt, so the consumer pays nothing.
 */
final class Invoker {
  private static final Logger LOG = LoggerFactory.getLogger(Invoker.class);

  private final AgentConfig config;
  private final InvocationPolicy policy;
  private final Slots slots;
  private final ModuleStore modules;
  private final WasmSandbox sandbox;
  private final SequenceCounter sequence;
  private final AgentMetrics metrics;
  private final Clock clock;

  Invoker(
      AgentConfig config,
      Slots slots,
      ModuleStore modules,
      WasmSandbox sandbox,
      SequenceCounter sequence,
      AgentMetrics metrics,
      Clock clock) {
    this.config = config;
    this.policy = new InvocationPolicy(config);
    this.slots = slots;
    this.modules = modules;
    this.sandbox = sandbox;
    this.sequence = sequence;
    this.metrics = metrics;
    this.clock = clock;
  }

  InvokeResponse invoke(InvokeRequest request) throws AgentException {
    long began = System.nanoTime();
    String outcome = AgentMetrics.FAILED;
    try {
      InvokeResponse response = admitAndRun(request);
      outcome =
          Receipt.OK.equals(response.status()) ? AgentMetrics.OK : AgentMetrics.FUNCTION_ERROR;
      return response;
    } catch (AgentException e) {
      outcome =
          e.status() == 503
              ? AgentMetrics.UNAVAILABLE
              : e.isAgentFault() ? AgentMetrics.FAILED : AgentMetrics.REJECTED;
      throw e;
    } finally {
      metrics.record(outcome, System.nanoTime() - began);
    }
  }

  private InvokeResponse admitAndRun(InvokeRequest request) throws AgentException {
    Limits limits = policy.admit(request, clock.millis());
    if (!slots.tryAcquire()) {
      throw AgentException.unavailable(
          slots.draining()
              ? "the agent is shutting down"
              : "all " + slots.max() + " slots are busy");
    }
    try {
      return run(request, limits);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AgentException.internal("interrupted while running the invocation", e);
    } catch (IOException e) {
      throw AgentException.internal("cannot reserve a receipt sequence number", e);
    } catch (RuntimeException e) {
      throw AgentException.internal("agent failure: " + e, e);
    } finally {
      slots.release();
    }
  }

  private InvokeResponse run(InvokeRequest request, Limits limits)
      throws AgentException, InterruptedException, IOException {
    LoadedModule module = modules.get(request.function().digest());
    long startedAt = clock.millis();
    Execution execution = sandbox.run(module, request.input(), limits);
    long finishedAt = clock.millis();
    var used = execution.usage();
    // The sandbox stops a function at the cap; min() keeps the price promise even if it overshot.
    long fuel = Math.min(used.fuel(), limits.maxFuel().orElse(Long.MAX_VALUE));
    Usage usage = new Usage(fuel, used.peakMemoryBytes(), used.wallNanos() / 1000);
    String status = execution.isOk() ? Receipt.OK : Receipt.FUNCTION_ERROR;
    byte[] output = execution.output();
    Receipt receipt =
        Receipt.sign(
            config.identity(),
            request.ticket(),
            config.offerId(),
            output,
            status,
            usage,
            config.pricePerInvocation(),
            config.pricePerMegaFuel(),
            startedAt,
            finishedAt,
            sequence.next());
    metrics.fuel(fuel);
    LOG.debug(
        "invocation {} of {}: {}, {} fuel, {} µs, amount {}, receipt #{}",
        receipt.invocationId(),
        request.ticket().functionId(),
        status,
        fuel,
        usage.wallMicros(),
        receipt.amount(),
        receipt.sequence());
    return new InvokeResponse(status, output, execution.error(), receipt);
  }
}
