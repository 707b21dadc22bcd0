package io.edgemarket.agent;

import io.edgemarket.agent.sandbox.SandboxLimits;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Pricing;
import io.edgemarket.model.api.InvokeRequest;
import java.math.BigInteger;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Which dispatched invocations this agent accepts, and the sandbox limits it runs them under. The
 * fuel cap is what makes a ticket's {@code maxPrice} and the function's {@code maxFuel} promises:
 * the function is stopped before its metered cost could exceed the one or its fuel the other (the
 * ledger pays no receipt past either).
 */
final class InvocationPolicy {
  private static final long MIB = 1024L * 1024L;
  private static final long MIN_MEMORY_BYTES = 64L * 1024L;
  private static final long MAX_MEMORY_BYTES = 1L << 32;

  private final AgentConfig config;

  InvocationPolicy(AgentConfig config) {
    this.config = config;
  }

  /** Checks a request against this agent's offer; returns the limits to run it under. */
  SandboxLimits admit(InvokeRequest request, long nowMillis) throws AgentException {
    InvocationTicket ticket = request.ticket();
    FunctionSpec function = request.function();
    byte[] input = request.input();
    if (ticket == null || function == null || input == null || request.offerId() == null) {
      throw AgentException.badRequest("an invocation needs ticket, function, offerId and input");
    }
    if (input.length > io.edgemarket.model.api.Limits.MAX_PAYLOAD_BYTES) {
      throw AgentException.tooLarge(
          "input of " + input.length + " bytes exceeds the limit of 1 MiB");
    }
    if (!config.offerId().equals(request.offerId())) {
      throw AgentException.badRequest("offer " + request.offerId() + " is not this agent's");
    }
    // Work without the ticket's own broker's placement on this offer could never be paid.
    Assignment assignment = request.assignment();
    if (assignment == null
        || !assignment.isFor(ticket)
        || !config.offerId().equals(assignment.offerId())
        || !config.identity().id().equals(assignment.providerId())
        || ticket.brokerId() == null
        || !ticket.brokerId().equals(assignment.brokerId())) {
      throw AgentException.badRequest(
          "the request carries no assignment of this ticket to this agent's offer by the ticket's"
              + " broker");
    }
    if (!function.digest().equals(ticket.functionDigest())) {
      throw AgentException.badRequest("the ticket is for other code than the function's");
    }
    if (!ModuleStore.isDigest(function.digest())) {
      throw AgentException.badRequest("function digest is not a lower-case hex SHA-256");
    }
    if (FunctionSpec.RUNTIME_OCI.equals(function.runtime())) {
      if (!config.runsContainers()) {
        throw AgentException.badRequest(
            "this agent does not run oci functions: its container sandbox is not enabled");
      }
    } else if (!FunctionSpec.RUNTIME_WASM.equals(function.runtime())) {
      throw AgentException.badRequest(
          "this agent runs wasm"
              + (config.runsContainers() ? " and oci" : "")
              + " functions, not "
              + function.runtime());
    }
    if (ticket.expiresAt() <= nowMillis) {
      throw AgentException.badRequest("the ticket expired at " + ticket.expiresAt());
    }
    if (!matchesInput(ticket, input)) {
      throw AgentException.badRequest("the input does not match the ticket's input digest");
    }
    return new SandboxLimits(
        memoryBytes(function),
        deadline(function),
        io.edgemarket.model.api.Limits.MAX_PAYLOAD_BYTES,
        fuelCap(ticket.maxPrice(), function.fuelLimit()));
  }

  /**
   * The most fuel whose price fits in {@code maxPrice}: floor((maxPrice - perInvocation) * 1e6 /
   * perMegaFuel). Since {@link Pricing#amount} rounds up, fuel at this cap costs at most maxPrice.
   */
  OptionalLong fuelCap(long maxPrice) throws AgentException {
    return fuelCap(maxPrice, Long.MAX_VALUE);
  }

  /**
   * The lesser of {@link #fuelCap(long)} and the function's own limit ({@code Long.MAX_VALUE}:
   * none).
   */
  OptionalLong fuelCap(long maxPrice, long functionMaxFuel) throws AgentException {
    return fuelCap(
        maxPrice, config.pricePerInvocation(), config.pricePerMegaFuel(), functionMaxFuel);
  }

  /**
   * The fuel cap of a run at these prices for a function limited to {@code functionMaxFuel} ({@code
   * Long.MAX_VALUE}: no limit of its own); empty when nothing caps it. A verifier re-runs under the
   * provider's own cap.
   */
  static OptionalLong fuelCap(
      long maxPrice, long perInvocation, long perMegaFuel, long functionMaxFuel)
      throws AgentException {
    if (maxPrice < perInvocation) {
      throw AgentException.badRequest(
          "the ticket allows " + maxPrice + ", an invocation here costs at least " + perInvocation);
    }
    if (functionMaxFuel < 0) {
      throw AgentException.badRequest("the function's maxFuel is negative: " + functionMaxFuel);
    }
    if (perMegaFuel == 0) {
      return functionMaxFuel == Long.MAX_VALUE
          ? OptionalLong.empty()
          : OptionalLong.of(functionMaxFuel);
    }
    BigInteger cap =
        BigInteger.valueOf(maxPrice - perInvocation)
            .multiply(BigInteger.valueOf(Pricing.FUEL_UNIT))
            .divide(BigInteger.valueOf(perMegaFuel));
    return OptionalLong.of(cap.min(BigInteger.valueOf(functionMaxFuel)).longValueExact());
  }

  private long memoryBytes(FunctionSpec function) throws AgentException {
    long share = config.memoryShareMb() * MIB;
    long wanted = function.memoryLimitBytes();
    if (wanted <= 0) {
      return Math.max(MIN_MEMORY_BYTES, Math.min(SandboxLimits.DEFAULT_MEMORY_BYTES, share));
    }
    if (wanted < MIN_MEMORY_BYTES || wanted > MAX_MEMORY_BYTES) {
      throw AgentException.badRequest("memoryLimitBytes must be between 64 KiB and 4 GiB");
    }
    if (wanted > share) {
      // Not the request's fault: another provider with a larger share can take it.
      throw AgentException.unavailable(
          "the function needs " + wanted + " bytes; this agent offers " + share);
    }
    return wanted;
  }

  private static Duration deadline(FunctionSpec function) {
    return function.timeoutMs() > 0
        ? Duration.ofMillis(function.timeoutMs())
        : SandboxLimits.DEFAULT_DEADLINE;
  }

  private static boolean matchesInput(InvocationTicket ticket, byte[] input) {
    try {
      return ticket.matchesInput(input);
    } catch (RuntimeException e) {
      // A missing or non-hex salt: the ticket cannot bind any input.
      return false;
    }
  }
}
