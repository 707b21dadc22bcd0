package io.edgemarket.agent;

import io.edgemarket.agent.container.ContainerLimits;
import io.edgemarket.agent.container.ContainerSandbox;
import io.edgemarket.agent.container.EngineException;
import io.edgemarket.agent.link.Cancellation;
import io.edgemarket.agent.sandbox.Execution;
import io.edgemarket.agent.sandbox.LoadedModule;
import io.edgemarket.agent.sandbox.SandboxLimits;
import io.edgemarket.agent.sandbox.WasmSandbox;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Usage;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import io.edgemarket.model.ledger.ErrorCodes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one dispatched invocation: admit, take a slot, get the code, run it in the sandbox, sign the
 * receipt. A function error is a normal, signed, paid result; anything that goes wrong on the
 * agent's side is an {@link AgentException} and gets no receipt, so the consumer pays nothing.
 */
final class InvocationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(InvocationRunner.class);

  private final AgentConfig config;
  private final InvocationPolicy policy;
  private final Slots slots;
  private final ModuleStore modules;
  private final WasmSandbox sandbox;
  private final ImageStore images;
  private final SequenceCounter sequence;
  private final ReceiptJournal journal;
  private final AgentMetrics metrics;
  private final Clock clock;

  InvocationRunner(
      AgentConfig config,
      Slots slots,
      ModuleStore modules,
      WasmSandbox sandbox,
      ImageStore images,
      SequenceCounter sequence,
      ReceiptJournal journal,
      AgentMetrics metrics,
      Clock clock) {
    this.config = config;
    this.policy = new InvocationPolicy(config);
    this.slots = slots;
    this.modules = modules;
    this.sandbox = sandbox;
    this.images = images;
    this.sequence = sequence;
    this.journal = journal;
    this.metrics = metrics;
    this.clock = clock;
  }

  InvokeResponse invoke(InvokeRequest request) throws AgentException {
    return invoke(request, Cancellation.none());
  }

  /**
   * Runs {@code request} unless {@code cancel} stops it first: before or while the function runs,
   * the run ends without a receipt ({@link AgentException#cancelled}).
   */
  InvokeResponse invoke(InvokeRequest request, Cancellation cancel) throws AgentException {
    long began = System.nanoTime();
    String outcome = AgentMetrics.FAILED;
    try {
      InvokeResponse response = admitAndRun(request, cancel);
      outcome =
          Receipt.OK.equals(response.status()) ? AgentMetrics.OK : AgentMetrics.FUNCTION_ERROR;
      return response;
    } catch (AgentException e) {
      outcome =
          e.status() == 503
              ? AgentMetrics.UNAVAILABLE
              : e.isAgentFault()
                  ? AgentMetrics.FAILED
                  : ErrorCodes.CANCELLED.equals(e.code())
                      ? AgentMetrics.CANCELLED
                      : AgentMetrics.REJECTED;
      throw e;
    } finally {
      metrics.record(outcome, System.nanoTime() - began);
    }
  }

  private InvokeResponse admitAndRun(InvokeRequest request, Cancellation cancel)
      throws AgentException {
    SandboxLimits limits = admit(request);
    if (!slots.tryAcquire()) {
      throw AgentException.unavailable(
          slots.draining()
              ? "the agent is shutting down"
              : "all " + slots.max() + " slots are busy");
    }
    try {
      return run(request, limits, cancel);
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

  private SandboxLimits admit(InvokeRequest request) throws AgentException {
    return policy.admit(request, clock.millis());
  }

  private static boolean isOci(InvokeRequest request) {
    return request.function() != null
        && FunctionSpec.RUNTIME_OCI.equals(request.function().runtime());
  }

  /**
   * A container cannot be stopped at an exact CPU count, so the fuel cap (CPU microseconds) also
   * becomes a deadline: at its CPU quota a container cannot burn more than the cap before then.
   */
  private Execution runContainer(InvokeRequest request, SandboxLimits limits)
      throws AgentException, InterruptedException {
    ContainerSandbox containers = images.sandbox();
    int cpuMillis = Math.min(1000, config.cpuShareMillis());
    Duration deadline = limits.deadline();
    if (limits.maxFuel().isPresent()) {
      long fuel = limits.maxFuel().getAsLong();
      // CPU time accrues at most cpuMillis/1000 µs per µs of wall time; wall-time fuel 1 for 1.
      long wallMicros =
          !containers.metersCpu()
              ? fuel
              : fuel > Long.MAX_VALUE / 1000 ? fuel : fuel * 1000 / cpuMillis;
      Duration budget = Duration.ofMillis(Math.max(1, wallMicros / 1000));
      deadline = budget.compareTo(deadline) < 0 ? budget : deadline;
    }
    ContainerLimits bounds =
        new ContainerLimits(
            Math.max(ContainerLimits.MIN_MEMORY_BYTES, limits.memoryBytes()),
            cpuMillis,
            deadline,
            limits.maxOutputBytes());
    try {
      return containers.run(request.function().digest(), request.input(), bounds);
    } catch (EngineException e) {
      throw AgentException.internal("container engine failed: " + e.getMessage(), e);
    }
  }

  private InvokeResponse run(InvokeRequest request, SandboxLimits limits, Cancellation cancel)
      throws AgentException, InterruptedException, IOException {
    boolean oci = isOci(request);
    LoadedModule module = oci ? null : modules.get(request.function().digest());
    if (oci) {
      images.ensure(request.function().digest());
    }
    long startedAt = clock.millis();
    Thread runner = Thread.currentThread();
    if (!cancel.interruptible(() -> WasmSandbox.stopRunOn(runner))) {
      throw AgentException.cancelled("cancelled by the broker before it ran");
    }
    Execution execution;
    try {
      // An interrupt stops the Wasm execution, or removes the container, and ends the wait.
      execution =
          oci ? runContainer(request, limits) : sandbox.run(module, request.input(), limits);
    } catch (InterruptedException e) {
      if (cancel.cancelled()) {
        throw AgentException.cancelled("cancelled by the broker while it ran");
      }
      throw e;
    } finally {
      cancel.uninterruptible();
    }
    if (cancel.cancelled()) {
      // Finished, but nobody wants the answer: no receipt is signed for it.
      throw AgentException.cancelled("cancelled by the broker as it finished");
    }
    long finishedAt = clock.millis();
    var used = execution.usage();
    // The sandbox stops a function at the cap; min() keeps the price promise even if it overshot.
    long fuel = Math.min(used.fuel(), limits.maxFuel().orElse(Long.MAX_VALUE));
    Usage usage = new Usage(fuel, used.peakMemoryBytes(), used.wallNanos() / 1000);
    String status = execution.isOk() ? Receipt.OK : Receipt.FUNCTION_ERROR;
    // A lying agent (fault injection, tests only) signs over what it returns, as a cheat would.
    byte[] output = config.faults().output(execution.output());
    Receipt receipt =
        Receipt.sign(
            config.identity(),
            request.ticket(),
            request.assignment(),
            output,
            status,
            usage,
            config.pricePerInvocation(),
            config.pricePerMegaFuel(),
            startedAt,
            finishedAt,
            sequence.next());
    // Kept until the broker holds it durably: it may answer before its own disk has it.
    journal.add(receipt, output, execution.error());
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
    // The logs travel beside the receipt, not under it: see docs/http-api.md#function-logs.
    return new InvokeResponse(status, output, execution.error(), receipt, execution.logs());
  }
}
