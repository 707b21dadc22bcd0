package io.edgemarket.sdk;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Statement;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.api.Placement;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A consumer's invocations: issues their tickets, submits them, and follows them (with {@link
 * Tracker}) to their results and settlement. A ticket stays valid for the function's timeout plus a
 * minute, enough for the broker to retry on another provider; after that nobody can be paid for it,
 * which is also how long an async invocation is worth waiting for.
 *
 * <p>Submissions ride through a broker that is down or restarting: they are sent again with the
 * same signed ticket until the call's timeout ({@link BrokerHttp#sendPatiently}); the broker runs a
 * ticket once and answers a repeat with its first result, so nothing runs or is charged twice. A
 * caller that invokes the same chosen id with the same input again gets the same ticket sent. A
 * call the broker refuses with 429 (too many of ours in flight, or our quota used) is sent again,
 * with the same ticket, after the broker's {@code Retry-After}, within the same timeout.
 */
final class Invocations implements AutoCloseable {
  static final long TICKET_GRACE_MS = 60_000;

  /**
   * One invocation in flight: our signed ticket, the input, the function, whether logs are asked,
   * whether to wait out the broker's back-pressure, where the consumer would like it placed.
   */
  record Call(
      InvocationTicket ticket,
      byte[] input,
      FunctionSpec spec,
      boolean logs,
      boolean waitWhenThrottled,
      Placement placement,
      Statement statement) {
    String id() {
      return ticket.invocationId();
    }
  }

  private final BrokerHttp http;
  private final Identity identity;
  private final KnownFunctions functions;
  private final Duration timeout;
  private final Tracker tracker;
  private final BrokerIdentity broker;
  private final RecentTickets recent = new RecentTickets();
  private final TicketStatements statements;

  Invocations(
      BrokerHttp http,
      Identity identity,
      KnownFunctions functions,
      AnswerVerifier verifier,
      io.edgemarket.model.ledger.LedgerGateway ledger,
      Duration timeout) {
    this.http = http;
    this.identity = identity;
    this.functions = functions;
    this.timeout = timeout;
    this.tracker = new Tracker(http, verifier, ledger, timeout);
    this.broker = new BrokerIdentity(http, timeout);
    this.statements = new TicketStatements(identity);
  }

  InvocationResult invoke(String functionName, byte[] input, InvokeOptions options)
      throws InvocationException {
    Call call = prepare(functionName, input, options);
    InvocationResult result;
    try {
      result = submit(call, false);
    } catch (InvocationException e) {
      InvocationResult first = options.invocationId() == null ? null : firstOf(call, e);
      if (first == null) {
        throw e;
      }
      return first;
    }
    if (result.status() == InvocationResult.Status.PENDING) {
      // A retry that found the first run still going: follow it to its end.
      return tracker.awaitFinished(call, result, () -> submit(call, true));
    }
    return tracker.finished(call.ticket(), result);
  }

  /**
   * The first result of a chosen invocation id sent again with another ticket (from another
   * process, such as a second {@code invoke --id}, or once the first ticket expired), which the
   * broker refuses as a DUPLICATE: when that first invocation was this very call (this consumer,
   * this function version, this input, which its receipt's ticket binds), its result, as the same
   * ticket sent again would get; else null, and the refusal stands.
   */
  private InvocationResult firstOf(Call call, InvocationException refused) {
    if (!ErrorCodes.DUPLICATE.equals(refused.code())) {
      return null;
    }
    InvocationResult first;
    try {
      first = tracker.invocation(call.id(), QueryException::new);
    } catch (QueryException e) {
      return null;
    }
    InvocationTicket ticket = first.receipt() == null ? null : first.receipt().ticket();
    boolean same =
        ticket != null
            && ticket.consumerId().equals(identity.id())
            && ticket.functionDigest().equals(call.spec().digest())
            && ticket.matchesInput(call.input());
    return same ? first : null;
  }

  CompletableFuture<InvocationResult> invokeAsync(
      String functionName, byte[] input, InvokeOptions options) {
    return tracker.async(
        () -> {
          Call call = prepare(functionName, input, options);
          InvocationResult first = submit(call, true);
          return tracker.awaitFinished(call, first, () -> submit(call, true));
        });
  }

  InvocationResult invocation(String invocationId) throws QueryException {
    return tracker.invocation(invocationId, QueryException::new);
  }

  io.edgemarket.model.Receipt awaitSettled(String invocationId, Duration wait)
      throws SettlementException {
    return tracker.awaitSettled(invocationId, wait);
  }

  private Call prepare(String functionName, byte[] input, InvokeOptions options)
      throws InvocationException {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(options, "options");
    String functionId = functions.idOf(functionName);
    String id =
        options.invocationId() == null ? UUID.randomUUID().toString() : options.invocationId();
    if (input.length > Limits.MAX_PAYLOAD_BYTES) {
      throw new InvocationException(
          Failure.of(ErrorCodes.BAD_REQUEST).httpStatus(413).id(id),
          "input larger than 1 MiB",
          null);
    }
    // What the ticket needs is read as patiently as the ticket is then sent: a broker restarting
    // between an application's calls must not fail the next one before it has even started.
    Patience patience = new Patience(timeout);
    FunctionSpec spec = function(functionId, id, patience);
    long maxPrice = options.maxPrice() == 0 ? spec.maxPricePerInvocation() : options.maxPrice();
    long now = System.currentTimeMillis();
    if (options.invocationId() != null) {
      InvocationTicket again = recent.reusable(id, spec.digest(), input, maxPrice, now);
      if (again != null) {
        return new Call(
            again,
            input,
            spec,
            options.logs(),
            options.waitWhenThrottled(),
            options.placement(),
            null);
      }
    }
    InvocationTicket ticket =
        InvocationTicket.issue(
            identity,
            id,
            broker.id(id, patience),
            spec.functionId(),
            spec.digest(),
            input,
            maxPrice,
            now,
            now + spec.timeoutMs() + TICKET_GRACE_MS);
    if (options.invocationId() != null) {
      recent.remember(ticket);
    }
    return new Call(
        ticket,
        input,
        spec,
        options.logs(),
        options.waitWhenThrottled(),
        options.placement(),
        statements.issued(ticket, now));
  }

  /**
   * The function's spec, read again while the ledger is unavailable (on the embedded ledger: the
   * broker's relay down or restarting) until {@code patience} runs out.
   */
  private FunctionSpec function(String functionId, String invocationId, Patience patience)
      throws InvocationException {
    while (true) {
      try {
        return functions.get(functionId);
      } catch (LedgerException e) {
        if (ErrorCodes.UNAVAILABLE.equals(e.code()) && pause(patience)) {
          continue;
        }
        String tried =
            patience.retried() ? " (tried again for " + patience.tried().toMillis() + " ms)" : "";
        if (e.getCause() instanceof IOException transport
            && ErrorCodes.UNAVAILABLE.equals(e.code())) {
          // No answer from the relay: the broker itself is away, said as the ticket's resend says.
          throw new InvocationException(
              Failure.of(ErrorCodes.UNAVAILABLE).id(invocationId),
              "broker unavailable at "
                  + http.base()
                  + ": "
                  + BrokerHttp.describe(transport)
                  + tried,
              e);
        }
        throw new InvocationException(
            Failure.of(e.code()).id(invocationId).transactionId(e.transactionId()),
            "function " + functionId + ": " + e.getMessage() + tried,
            e);
      }
    }
  }

  private static boolean pause(Patience patience) {
    try {
      return patience.pauseBeforeRetry();
    } catch (InterruptedException e) {
      return false;
    }
  }

  private InvocationResult submit(Call call, boolean async) throws InvocationException {
    byte[] body =
        Json.bytes(
            new InvocationRequest(call.ticket(), call.input(), call.placement(), call.statement()));
    String path =
        "/api/v1/invocations"
            + (async && call.logs() ? "?async=true&logs=true" : async ? "?async=true" : "")
            + (!async && call.logs() ? "?logs=true" : "");
    // A synchronous call holds the connection while the function runs.
    Duration wait = async ? timeout : timeout.plusMillis(call.spec().timeoutMs());
    BrokerHttp.Answer answer;
    try {
      answer =
          http.sendPatiently(
              "POST", path, body, "application/json", wait, call.waitWhenThrottled());
    } catch (BrokerHttp.Unreachable e) {
      throw new InvocationException(e.failure(call.id()), e.getMessage(), e);
    }
    if (!answer.ok()) {
      Failure failure = answer.failure(call.id());
      if (ErrorCodes.NOT_FOUND.equals(failure.code())) {
        functions.forget(call.spec().functionId()); // perhaps redeployed: re-read next time
      }
      throw new InvocationException(
          failure,
          "invocation "
              + call.id()
              + " of "
              + call.spec().functionId()
              + " refused: "
              + answer.problem().detail()
              + (answer.throttled() && call.waitWhenThrottled()
                  ? " (sent again after each Retry-After until the call's timeout of "
                      + wait.toMillis()
                      + " ms)"
                  : ""),
          null);
    }
    return tracker.parse(answer, call.id(), InvocationException::new);
  }

  /**
   * Closes, first sending the statement of the tickets no invocation carried one for. Best effort
   * and brief: without it those tickets are verified one by one.
   */
  @Override
  public void close() {
    Statement rest = statements.rest();
    if (rest != null) {
      try {
        http.send(
            "POST",
            "/api/v1/statements",
            Json.bytes(rest),
            "application/json",
            Duration.ofSeconds(2));
      } catch (BrokerHttp.Unreachable e) {
        // the broker is away: its tickets are verified one by one
      }
    }
    tracker.close();
  }
}
