package io.edgemarket.broker.invoke;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.broker.link.AgentLinks;
import io.edgemarket.broker.link.Recollector;
import io.edgemarket.broker.market.LiveOffer;
import io.edgemarket.broker.market.Matcher;
import io.edgemarket.broker.market.VerifierBook;
import io.edgemarket.broker.metrics.BrokerMetrics;
import io.edgemarket.broker.settle.BatchOutcome;
import io.edgemarket.broker.settle.SettlementQueue;
import io.edgemarket.broker.settle.StatementBook;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Grant;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.Statement;
import io.edgemarket.model.api.InvocationListing;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.InvocationSummary;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.api.Placement;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.http.AuthenticatedCaller;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Runs consumers' invocations. Everything that can be refused is refused before any provider is
 * contacted and before any money is held; what follows is {@link Attempts}. Async invocations are
 * validated, held and matched synchronously (so the caller hears of every refusal at once) and
 * dispatched on a pool; their result is read back with {@link #lookup}.
 *
 * <p>It speaks in domain terms only: results, and {@link InvocationRefusedException}s naming a
 * {@link Refusal}. Parsing requests and choosing HTTP statuses is the API's business.
 */
public final class InvocationService implements AutoCloseable {
  /** Offers (each from a different provider) tried before an invocation fails. */
  public static final int MAX_ATTEMPTS = 3;

  /** How many more matched offers a sampled redundant call may draw its checkers from. */
  static final int CHECKER_POOL = 12;

  /**
   * After resuming a market, how long a runtime nobody serves yet is taken for providers still
   * re-attaching (one liveness window of heartbeats, and some) rather than for none offering it.
   */
  static final long REATTACH_GRACE_MILLIS = 15_000;

  /** A firing's ticket lives its function's timeout and this much more, as the SDK's do. */
  static final long FIRING_GRACE_MILLIS = 60_000;

  /** Invocations since start (plus those restored from the settlement queue). */
  public record Counts(long total, long ok, long functionErrors, long failed) {}

  private final Matcher matcher;
  private final RegisteredFunctions functions;
  private final EscrowBook escrow;
  private final InvocationRegistry registry = new InvocationRegistry();
  private final InvocationRecords records;
  private final OutputRetention outputs;
  private final InvocationEnds ends;
  private final Attempts attempts;
  private final Hedging hedging;
  private final Recollection recollection;
  private final Admission admission;
  private final ExecutorService async;
  private final String brokerId;
  private final Identity broker;
  private volatile StatementBook statements = new StatementBook();
  private final long startedAt = System.currentTimeMillis();
  private volatile boolean resumed;

  /**
   * With {@code encryptedOnly} (the broker serves TLS), invocations go to other machines only over
   * agents' encrypted links, never by plain HTTP push.
   */
  public InvocationService(
      Identity broker,
      TrustRoots trust,
      MarketLedger ledger,
      Matcher matcher,
      VerifierBook verifiers,
      SettlementQueue queue,
      Path recordsDir,
      BrokerMetrics metrics,
      AgentLinks links,
      boolean encryptedOnly,
      ConsumerLimits limits)
      throws IOException {
    this.brokerId = broker.id();
    this.broker = broker;
    this.matcher = matcher;
    this.functions = new RegisteredFunctions(ledger, System::currentTimeMillis);
    this.escrow = new EscrowBook(ledger);
    this.records = InvocationRecords.open(recordsDir, Retention.DEFAULT, System::currentTimeMillis);
    this.outputs = new OutputRetention(Retention.DEFAULT, System::currentTimeMillis);
    this.ends = new InvocationEnds(registry, escrow, records, outputs, System::currentTimeMillis);
    AgentAnswerCheck check = new AgentAnswerCheck(new ProviderKeys(ledger, trust));
    Runs runs = new Runs(new Dispatcher(broker, links, encryptedOnly), check, metrics);
    Checks checks =
        new Checks(
            new Redundancy(runs, escrow, ledger),
            new Reexecutions(verifiers, new VerifierClient(broker)));
    this.hedging = new Hedging(runs, links, metrics);
    this.attempts = new Attempts(runs, hedging, checks, queue, metrics, ends);
    this.recollection =
        new Recollection(broker, trust, ledger, registry, ends, queue, System::currentTimeMillis);
    this.admission = new Admission(limits, metrics, System::currentTimeMillis);
    this.async =
        new ThreadPoolExecutor(
            0,
            256,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "edgemarket-async-invocation");
              thread.setDaemon(true);
              return thread;
            },
            // When saturated the request thread runs the invocation itself: slower, never lost.
            new ThreadPoolExecutor.CallerRunsPolicy());
  }

  /**
   * Told of each invocation that ended OK (the function succeeded and its receipt is queued), after
   * its result is recorded, with its ticket and output: what chain triggers start from. It runs on
   * the invocation's thread, so it must hand any work to its own.
   */
  public void onSuccess(BiConsumer<InvocationTicket, byte[]> listener) {
    attempts.onSuccess(listener);
  }

  /** Statements consumers send go to {@code book} (issue 11). */
  public void statementsTo(StatementBook book) {
    this.statements = book;
  }

  /**
   * A consumer's statement over tickets it issued: kept when it is the caller's own and verifies
   * with the certificate it authenticated with; refused as BAD_SIGNATURE otherwise, so a client
   * that sends broken statements hears of it.
   */
  public void statement(AuthenticatedCaller caller, Statement statement) {
    if (statement.leaves().size() > Statement.MAX_LEAVES) {
      throw new InvocationRefusedException(
          Refusal.MALFORMED, "a statement names at most " + Statement.MAX_LEAVES + " tickets");
    }
    if (!statements.offer(
        caller.id(), Statement.TICKETS, caller.certificate().getPublicKey(), statement)) {
      throw new InvocationRefusedException(
          Refusal.BAD_SIGNATURE,
          "the statement is not a statement of tickets signed by " + caller.id());
    }
  }

  /**
   * Runs one invocation for an authenticated caller: synchronously to its result (OK or
   * FUNCTION_ERROR), or, {@code runAsync}, up to its acceptance (PENDING; the result follows in
   * {@link #lookup}). Refused with an {@link InvocationRefusedException}. The same ticket sent
   * again (a client's retry) runs nothing and gets the first answer; another ticket with a used id
   * is a DUPLICATE.
   */
  public InvocationResult invoke(
      AuthenticatedCaller caller, InvocationRequest request, boolean runAsync) {
    long start = System.nanoTime();
    InvocationTicket ticket = request.ticket();
    byte[] input = request.input();
    Validation.check(caller, ticket, input, System.currentTimeMillis(), brokerId);
    if (request.statement() != null) {
      statement(caller, request.statement());
    }
    InvocationRegistry.Entry known = registry.get(ticket.invocationId());
    if (known != null) {
      // Before the function and offers are looked at: a retry needs neither.
      return again(known, ticket, runAsync);
    }
    // Only a ticket not known yet counts against the consumer's limits: a retry never does.
    Admission.Slot slot = admission.enter(ticket.consumerId());
    try {
      return admitted(ticket, input, request.placement(), runAsync, start, slot);
    } finally {
      if (!slot.handedOver()) {
        slot.close();
      }
    }
  }

  /**
   * Runs one firing of {@code grant} on {@code input} to its result, as a synchronous invocation:
   * the ticket is this broker's, under the grant, asking at most {@code maxPrice}, and the escrow
   * held is the grant's consumer's. The firing counts against {@code limitKey}'s limits ({@link
   * ConsumerLimits}), e.g. its route key's. Whoever calls has checked that the grant is live.
   */
  public InvocationResult fire(Grant grant, byte[] input, long maxPrice, String limitKey) {
    return fire(grant, input, maxPrice, limitKey, "fire-" + Crypto.randomHex(16));
  }

  /**
   * {@link #fire(Grant, byte[], long, String)} under a given invocation id, e.g. a chain step's,
   * derived from what fired it so that the same cause never runs (nor is paid) twice: a second
   * firing with a used id is a DUPLICATE.
   */
  public InvocationResult fire(
      Grant grant, byte[] input, long maxPrice, String limitKey, String invocationId) {
    long start = System.nanoTime();
    if (input.length > Limits.MAX_PAYLOAD_BYTES) {
      throw new InvocationRefusedException(
          Refusal.TOO_LARGE,
          "input is " + input.length + " bytes; the limit is " + Limits.MAX_PAYLOAD_BYTES);
    }
    FunctionSpec function = functions.require(grant.functionId(), grant.functionDigest());
    long now = System.currentTimeMillis();
    InvocationTicket ticket =
        InvocationTicket.fire(
            broker,
            grant,
            invocationId,
            input,
            maxPrice,
            now,
            now + function.timeoutMs() + FIRING_GRACE_MILLIS);
    Admission.Slot slot = admission.enter(limitKey);
    try {
      return admitted(ticket, input, null, false, start, slot);
    } finally {
      slot.close();
    }
  }

  /**
   * An invocation let in by {@link Admission}: run to its end here, or handed to the async pool,
   * which then frees its slot when it ends.
   */
  private InvocationResult admitted(
      InvocationTicket ticket,
      byte[] input,
      Placement placement,
      boolean runAsync,
      long start,
      Admission.Slot slot) {
    FunctionSpec function = functions.require(ticket.functionId(), ticket.functionDigest());
    Long hedgeAfter = placement == null ? null : placement.hedgeAfterMillis();
    if (hedgeAfter != null && hedgeAfter >= function.timeoutMs()) {
      // A hedge that cannot fire before the first run's own deadline is a mistake, not a wish.
      throw new InvocationRefusedException(
          Refusal.MALFORMED,
          "placement.hedgeAfterMillis ("
              + hedgeAfter
              + " ms) must be below the function's timeout of "
              + function.timeoutMs()
              + " ms");
    }
    if (!matcher.offersRuntime(function.runtime())) {
      // E.g. an oci function on a market of Wasm-only providers: refused before the invocation id
      // is used or any money is held, so the same ticket may be sent again once one serves.
      if (resumed && System.currentTimeMillis() - startedAt < REATTACH_GRACE_MILLIS) {
        // Just restarted: its providers have not all sent a heartbeat again yet.
        throw new InvocationRefusedException(
            Refusal.NO_OFFER,
            "the broker has just restarted and no provider of runtime "
                + function.runtime()
                + " has re-attached yet; try again");
      }
      throw new InvocationRefusedException(
          Refusal.NO_PROVIDER, "no provider offers runtime " + function.runtime());
    }
    InvocationRegistry.Entry entry = registry.claim(ticket);
    if (entry == null) {
      return again(registry.get(ticket.invocationId()), ticket, runAsync);
    }
    List<LiveOffer> candidates;
    try {
      // A sampled redundant call draws its checkers from a wider pool than its attempts, so that
      // the cheapest few are not each other's only checkers (Checkers).
      int wanted =
          Checks.redundant(function, ticket)
              ? MAX_ATTEMPTS + CHECKER_POOL + Assignment.MAX_REPLICAS - 1
              : MAX_ATTEMPTS;
      candidates = matcher.rank(function, ticket, placement, wanted);
      if (candidates.isEmpty()) {
        throw new InvocationRefusedException(
            Refusal.NO_OFFER, "no live offer fits " + ticket.functionId() + " now");
      }
      // Only the matched offers can run it: hold the most one of them can charge for it.
      escrow.hold(
          ticket.consumerId(), ticket.invocationId(), WorstCase.hold(ticket, function, candidates));
    } catch (InvocationRefusedException e) {
      ends.withdrawn(ticket.consumerId(), ticket.invocationId());
      throw e;
    }
    Attempts.Job job =
        new Attempts.Job(ticket, function, input, candidates, entry, start, hedgeAfter);
    if (runAsync) {
      InvocationResult accepted = entry.result();
      slot.handOver();
      async.execute(
          () -> {
            try {
              runQuietly(job);
            } finally {
              slot.close();
            }
          });
      return accepted;
    }
    return attempts.run(job);
  }

  /**
   * The state of an invocation: the consumer's own, or any for auditors (without the function's
   * logs, which only the invoking owner gets).
   */
  public InvocationResult lookup(AuthenticatedCaller caller, String invocationId) {
    InvocationRegistry.Entry entry = registry.get(invocationId);
    if (entry == null) {
      throw new InvocationRefusedException(
          Refusal.UNKNOWN_INVOCATION, "no invocation " + invocationId);
    }
    if (caller.role() != Role.AUDITOR && !caller.id().equals(entry.consumerId)) {
      throw new InvocationRefusedException(
          Refusal.NOT_YOURS, "invocation " + invocationId + " is not yours");
    }
    outputs.sweep();
    InvocationResult result = entry.result();
    return caller.id().equals(entry.consumerId) ? result : result.withoutLogs();
  }

  /**
   * The invocations the broker still knows, newest ticket first: a consumer's own, every one for an
   * auditor; only {@code functionId}'s when not null, only tickets issued at or after {@code
   * since}.
   */
  public InvocationListing list(AuthenticatedCaller caller, String functionId, long since) {
    boolean all = caller.role() == Role.AUDITOR;
    List<InvocationRegistry.Entry> found =
        registry.matching(
            e ->
                (all || caller.id().equals(e.consumerId))
                    && (functionId == null || functionId.equals(e.functionId))
                    && e.issuedAt >= since,
            InvocationListing.MAX);
    List<InvocationSummary> summaries = new ArrayList<>();
    for (InvocationRegistry.Entry e :
        found.subList(0, Math.min(found.size(), InvocationListing.MAX))) {
      InvocationResult r = e.result();
      summaries.add(
          new InvocationSummary(
              r.invocationId(),
              e.consumerId,
              e.functionId,
              e.issuedAt,
              r.status(),
              r.cost(),
              r.providerId(),
              r.settlement(),
              r.batchId()));
    }
    return new InvocationListing(summaries, found.size() > InvocationListing.MAX);
  }

  /** One of a consumer's own invocations as its web view shows it (issue 15). */
  public record Recent(String functionId, long issuedAt, InvocationResult result) {}

  /**
   * The consumer's own invocations the broker still knows, newest ticket first, at most {@code
   * max}: for its own page, so nobody else's and with the result (receipt, verification) whole.
   */
  public List<Recent> recent(String consumerId, int max) {
    List<InvocationRegistry.Entry> found =
        registry.matching(e -> consumerId.equals(e.consumerId), max);
    List<Recent> recent = new ArrayList<>();
    for (InvocationRegistry.Entry e : found.subList(0, Math.min(found.size(), max))) {
      recent.add(new Recent(e.functionId, e.issuedAt, e.result().withoutLogs()));
    }
    return recent;
  }

  /**
   * A ticket sent again: the first answer, as the first request got it (waiting for it while the
   * first run goes on, for a synchronous call), or DUPLICATE when the id was used by another
   * ticket.
   */
  private InvocationResult again(
      InvocationRegistry.Entry first, InvocationTicket ticket, boolean runAsync) {
    if (first == null || !ticket.signature().equals(first.ticketSignature)) {
      throw new InvocationRefusedException(
          Refusal.DUPLICATE, "invocation " + ticket.invocationId() + " was already used");
    }
    InvocationResult result = first.result();
    if (!runAsync && result.status() == InvocationResult.Status.PENDING) {
      // At most while the ticket is valid: after that nobody can be paid for it.
      try {
        result = first.awaitRun(ticket.expiresAt() - System.currentTimeMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (result.status() == InvocationResult.Status.FAILED && !runAsync) {
      Refusal why = first.refusal() == null ? Refusal.PROVIDERS_FAILED : first.refusal();
      throw new InvocationRefusedException(why, result.error());
    }
    outputs.sweep();
    return first.result();
  }

  /**
   * Rebuilds what the broker knew before a restart: queued and settled receipts, and the invocation
   * records (answers with their outputs while kept, failures).
   */
  public void restore(List<Receipt> receipts, List<BatchOutcome> outcomes) {
    var recorded = records.takeRestored();
    resumed = !receipts.isEmpty() || !recorded.isEmpty();
    ends.restore(receipts, outcomes, recorded);
  }

  /** Takes receipts agents kept, after a restart (issue 11). */
  public Recollector recollection() {
    return recollection;
  }

  /** Settler callback: marks receipts settled or rejected and refreshes consumers' balances. */
  public void onBatch(BatchOutcome outcome) {
    ends.apply(outcome, true);
  }

  public Counts counts() {
    return ends.counts();
  }

  private void runQuietly(Attempts.Job job) {
    try {
      attempts.run(job);
    } catch (InvocationRefusedException e) {
      // Already recorded in the entry; the consumer reads it with a lookup.
    }
  }

  /**
   * Lets running async invocations finish (their receipts must reach the queue before it closes).
   */
  @Override
  public void close() {
    async.shutdown();
    try {
      if (!async.awaitTermination(30, TimeUnit.SECONDS)) {
        async.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      hedging.close();
      records.close();
    }
  }
}
