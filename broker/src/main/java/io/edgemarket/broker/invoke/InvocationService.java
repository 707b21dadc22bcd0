package io.edgemarket.broker.invoke;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.broker.market.LiveOffer;
import io.edgemarket.broker.market.Matcher;
import io.edgemarket.broker.metrics.BrokerMetrics;
import io.edgemarket.broker.settle.BatchOutcome;
import io.edgemarket.broker.settle.SettlementQueue;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.http.AuthenticatedCaller;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs consumers' invocations. Everything that can be refused is refused before any provider is
 * contacted and before any money is held; what follows is {@link Attempts}. Async invocations are
 * validated, held and matched synchronously (so the caller gets every 4xx at once) and dispatched
 * on a pool; their result is read back with {@link #lookup}.
 */
public final class InvocationService implements AutoCloseable {
  /** Offers (each from a different provider) tried before an invocation fails. */
  public static final int MAX_ATTEMPTS = 3;

  /** The broker's answer to one call: HTTP status and body. */
  public record Answer(int status, InvocationResult result) {}

  /** Invocations since start (plus those restored from the settlement queue). */
  public record Counts(long total, long ok, long functionErrors, long failed) {}

  private final Matcher matcher;
  private final FunctionCache functions;
  private final EscrowBook escrow;
  private final InvocationRegistry registry = new InvocationRegistry();
  private final Books books;
  private final Attempts attempts;
  private final ExecutorService async;
  private final String brokerId;

  public InvocationService(
      Identity broker,
      TrustRoots trust,
      MarketLedger ledger,
      Matcher matcher,
      SettlementQueue queue,
      BrokerMetrics metrics) {
    this.brokerId = broker.id();
    this.matcher = matcher;
    this.functions = new FunctionCache(ledger, System::currentTimeMillis);
    this.escrow = new EscrowBook(ledger);
    this.books = new Books(registry, escrow);
    ReceiptCheck check = new ReceiptCheck(new ProviderKeys(ledger, trust));
    this.attempts = new Attempts(new Dispatcher(broker), check, escrow, queue, metrics, books);
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

  /** Handles {@code POST /api/v1/invocations} for an authenticated caller. */
  public Answer invoke(AuthenticatedCaller caller, byte[] body, boolean runAsync) {
    long start = System.nanoTime();
    InvocationRequest request = parse(body);
    InvocationTicket ticket = request.ticket();
    byte[] input = request.input();
    Validation.check(caller, ticket, input, System.currentTimeMillis(), brokerId);
    FunctionSpec function = functions.require(ticket.functionId(), ticket.functionDigest());
    if (!matcher.offersRuntime(function.runtime())) {
      // E.g. an oci function on a market of Wasm-only providers: refused before the invocation id
      // is used or any money is held, so the same ticket may be sent again once one serves.
      throw new InvocationException(
          503, ErrorCodes.NO_PROVIDER, "no provider offers runtime " + function.runtime());
    }
    InvocationRegistry.Entry entry = registry.claim(ticket.invocationId(), ticket.consumerId());
    if (entry == null) {
      throw new InvocationException(
          409, ErrorCodes.DUPLICATE, "invocation " + ticket.invocationId() + " was already used");
    }
    try {
      escrow.hold(ticket.consumerId(), ticket.invocationId(), ticket.maxPrice());
    } catch (InvocationException e) {
      registry.forget(ticket.invocationId());
      throw e;
    }
    List<LiveOffer> candidates = matcher.rank(function, ticket, MAX_ATTEMPTS);
    if (candidates.isEmpty()) {
      escrow.release(ticket.consumerId(), ticket.invocationId());
      registry.forget(ticket.invocationId());
      throw new InvocationException(
          503, ErrorCodes.UNAVAILABLE, "no live offer fits " + ticket.functionId() + " now");
    }
    Attempts.Job job = new Attempts.Job(ticket, function, input, candidates, entry, start);
    if (runAsync) {
      InvocationResult accepted = entry.result;
      async.execute(() -> runQuietly(job));
      return new Answer(202, accepted);
    }
    return new Answer(200, attempts.run(job));
  }

  /** Handles {@code GET /api/v1/invocations/{id}}: the consumer's own, or any for auditors. */
  public InvocationResult lookup(AuthenticatedCaller caller, String invocationId) {
    InvocationRegistry.Entry entry = registry.get(invocationId);
    if (entry == null) {
      throw new InvocationException(404, ErrorCodes.NOT_FOUND, "no invocation " + invocationId);
    }
    if (caller.role() != Role.AUDITOR && !caller.id().equals(entry.consumerId)) {
      throw new InvocationException(
          403, ErrorCodes.FORBIDDEN, "invocation " + invocationId + " is not yours");
    }
    return entry.result;
  }

  /** Rebuilds what the broker knew of queued and settled receipts before a restart. */
  public void restore(List<Receipt> receipts, List<BatchOutcome> outcomes) {
    books.restore(receipts, outcomes);
  }

  /** Settler callback: marks receipts settled or rejected and refreshes consumers' balances. */
  public void onBatch(BatchOutcome outcome) {
    books.apply(outcome, true);
  }

  public Counts counts() {
    return books.counts();
  }

  private void runQuietly(Attempts.Job job) {
    try {
      attempts.run(job);
    } catch (InvocationException e) {
      // Already recorded in the entry; the consumer reads it with a lookup.
    }
  }

  private static InvocationRequest parse(byte[] body) {
    try {
      return Json.read(body, InvocationRequest.class);
    } catch (IllegalArgumentException e) {
      throw new InvocationException(400, ErrorCodes.BAD_REQUEST, e.getMessage());
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
    }
  }
}
