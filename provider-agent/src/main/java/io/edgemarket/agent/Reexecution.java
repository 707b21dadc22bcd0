package io.edgemarket.agent;

import io.edgemarket.agent.VerifierMessages.VerifyAnswer;
import io.edgemarket.agent.VerifierMessages.VerifyRequest;
import io.edgemarket.agent.sandbox.Execution;
import io.edgemarket.agent.sandbox.LoadedModule;
import io.edgemarket.agent.sandbox.SandboxLimits;
import io.edgemarket.agent.sandbox.WasmSandbox;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.api.Verification;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-executes one sampled invocation as the provider had to: the same module (by digest), the
 * disclosed input (bound by the ticket's salted digest), the same memory cap and the same fuel cap
 * (from the receipt's prices, the ticket's ceiling and the function's maxFuel), so a deterministic
 * Wasm function gives the same bytes. A different salted output digest proves the provider wrong:
 * the verifier opens the dispute with the evidence and resolves it with its verdict, as the auditor
 * it is.
 *
 * <p>Its own run is given more time than the function's deadline: a run that still ran out of time
 * proves nothing about the provider, and is answered as inconclusive (503) rather than accused.
 */
final class Reexecution {
  private static final Logger LOG = LoggerFactory.getLogger(Reexecution.class);
  private static final int DEADLINE_FACTOR = 4;
  private static final long MIN_MEMORY_BYTES = 64L * 1024L;

  private final Identity self;
  private final ModuleStore modules;
  private final WasmSandbox sandbox;
  private final LedgerGateway ledger;

  Reexecution(Identity self, ModuleStore modules, WasmSandbox sandbox, LedgerGateway ledger) {
    this.self = self;
    this.modules = modules;
    this.sandbox = sandbox;
    this.ledger = ledger;
  }

  VerifyAnswer verify(VerifyRequest request) throws AgentException, InterruptedException {
    Receipt receipt = request.receipt();
    FunctionSpec function = request.function();
    byte[] input = request.input();
    if (receipt == null || function == null || input == null) {
      throw AgentException.badRequest("a verification needs receipt, function and input");
    }
    InvocationTicket ticket = receipt.ticket();
    if (!FunctionSpec.RUNTIME_WASM.equals(function.runtime())
        || !function.digest().equals(ticket.functionDigest())
        || !ModuleStore.isDigest(function.digest())) {
      throw AgentException.badRequest("only the Wasm code the ticket names can be re-executed");
    }
    if (input.length > Limits.MAX_PAYLOAD_BYTES || !matches(ticket, input)) {
      throw AgentException.badRequest("the input is not the one the ticket's digest binds");
    }
    LoadedModule module = modules.get(function.digest());
    Execution run = sandbox.run(module, input, limits(receipt, function));
    if (run.error() != null && run.error().contains("deadline of ")) {
      throw AgentException.unavailable("inconclusive: the re-execution ran out of time");
    }
    String status = run.isOk() ? Receipt.OK : Receipt.FUNCTION_ERROR;
    String digest = Crypto.saltedDigest(ticket.salt(), run.output());
    if (digest.equals(receipt.outputDigest())) {
      return answer(Verification.AGREED, status, run, digest, List.of());
    }
    LOG.warn(
        "invocation {}: provider {} reported another output than its re-execution; disputing",
        receipt.invocationId(),
        receipt.providerId());
    return dispute(receipt, input, status, run, digest);
  }

  private VerifyAnswer dispute(
      Receipt receipt, byte[] input, String status, Execution run, String digest)
      throws AgentException {
    String id = receipt.invocationId();
    Records.DisputeEvidence evidence =
        new Records.DisputeEvidence(
            id,
            List.of(receipt),
            Base64.getEncoder().encodeToString(input),
            "re-execution by " + self.id() + " gave another output than the receipt's");
    Records.DisputeVerdict verdict = new Records.DisputeVerdict(List.of(), digest, null);
    Records.Dispute resolved;
    try {
      ledger.submit(Transactions.OPEN_DISPUTE, Json.write(evidence));
      resolved =
          Json.read(
              ledger.submit(Transactions.RESOLVE_DISPUTE, id, Json.write(verdict)),
              Records.Dispute.class);
    } catch (LedgerException e) {
      LOG.warn("invocation {}: the dispute could not be settled: {}", id, e.getMessage());
      return answer(Verification.DISPUTED, status, run, digest, List.of());
    } catch (IllegalArgumentException e) {
      throw AgentException.internal("unreadable dispute record: " + e.getMessage(), e);
    }
    boolean slashed = !resolved.slashed().isEmpty();
    return answer(
        slashed ? Verification.PROVIDER_SLASHED : Verification.DISPUTED,
        status,
        run,
        digest,
        resolved.slashed());
  }

  private VerifyAnswer answer(
      String outcome, String status, Execution run, String digest, List<String> slashed) {
    return new VerifyAnswer(outcome, self.id(), status, run.output(), digest, run.error(), slashed);
  }

  private static SandboxLimits limits(Receipt receipt, FunctionSpec function)
      throws AgentException {
    long memory =
        function.memoryLimitBytes() > 0
            ? Math.max(MIN_MEMORY_BYTES, function.memoryLimitBytes())
            : SandboxLimits.DEFAULT_MEMORY_BYTES;
    Duration deadline =
        function.timeoutMs() > 0
            ? Duration.ofMillis(function.timeoutMs() * DEADLINE_FACTOR)
            : SandboxLimits.DEFAULT_DEADLINE.multipliedBy(DEADLINE_FACTOR);
    OptionalLong fuel =
        InvocationPolicy.fuelCap(
            receipt.ticket().maxPrice(),
            receipt.pricePerInvocation(),
            receipt.pricePerMegaFuel(),
            function.fuelLimit());
    return new SandboxLimits(memory, deadline, Limits.MAX_PAYLOAD_BYTES, fuel);
  }

  private static boolean matches(InvocationTicket ticket, byte[] input) {
    try {
      return ticket.matchesInput(input);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
