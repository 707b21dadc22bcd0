package io.edgemarket.sdk.testing;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.http.AuthenticatedCaller;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The fake broker's blob store and invocations. Functions "run" by name: {@code echo} returns its
 * input, {@code upper} upper-cases it, {@code fail} ends in a function error, {@code unavailable}
 * finds no provider (FAILED). Each run is receipted by the test market's provider, and "logs"
 * {@code ran NAME on N bytes}, which, as the broker does, only the function's owner gets and only
 * with {@code ?logs=true}.
 */
public final class FakeInvocations {
  /** An HTTP answer: status, a body to write as JSON, and a Retry-After header (or null). */
  public record Reply(int status, Object body, String retryAfter) {
    public Reply(int status, Object body) {
      this(status, body, null);
    }
  }

  private final TestMarket market;
  private final FakeLedger ledger;
  public final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  public final Map<String, InvocationResult> results = new ConcurrentHashMap<>();
  public final List<InvocationRequest> requests = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> pendingPolls = new ConcurrentHashMap<>();

  /** Applied to every answer before it is sent: lets a test play a lying broker. */
  public volatile UnaryOperator<InvocationResult> tamper = UnaryOperator.identity();

  /** When set, invocations are refused with this status and error. */
  public volatile Reply refusal;

  /** Invocation requests still to answer 503 UNAVAILABLE, as a restarting broker does. */
  public final AtomicInteger unavailable = new AtomicInteger();

  /**
   * Invocation requests still to answer 429 TOO_MANY_IN_FLIGHT with {@code Retry-After: 1}, as a
   * broker does to a consumer over its limit of calls in flight (nothing run, the ticket unused).
   */
  public final AtomicInteger throttled = new AtomicInteger();

  private final Map<String, String> ticketSignatures = new ConcurrentHashMap<>();

  /** How many polls an async invocation stays PENDING. */
  public volatile int polls = 2;

  private int batches;

  FakeInvocations(TestMarket market, FakeLedger ledger) {
    this.market = market;
    this.ledger = ledger;
  }

  Reply handle(AuthenticatedCaller caller, String method, String path, String query, byte[] body) {
    if (method.equals("PUT") && path.startsWith("/api/v1/blobs/")) {
      String digest = path.substring("/api/v1/blobs/".length());
      if (!Crypto.sha256Hex(body).equals(digest)) {
        return error(400, ErrorCodes.BAD_REQUEST, "digest does not match the bytes");
      }
      blobs.put(digest, body);
      return new Reply(201, Map.of("digest", digest));
    }
    List<String> params = query == null ? List.of() : List.of(query.split("&"));
    UnaryOperator<InvocationResult> logs =
        r -> params.contains("logs=true") && ownedBy(caller, r) ? r : r.withoutLogs();
    if (method.equals("POST") && path.equals("/api/v1/invocations")) {
      Reply reply =
          invoke(caller, Json.read(body, InvocationRequest.class), params.contains("async=true"));
      return reply.body() instanceof InvocationResult r
          ? new Reply(reply.status(), logs.apply(r))
          : reply;
    }
    if (method.equals("GET") && path.equals("/api/v1/invocations")) {
      return list(caller, params);
    }
    if (method.equals("GET") && path.startsWith("/api/v1/invocations/")) {
      String id = path.substring("/api/v1/invocations/".length());
      InvocationResult result = results.get(id);
      if (result == null) {
        return error(404, ErrorCodes.NOT_FOUND, "no invocation " + id);
      }
      AtomicInteger left = pendingPolls.get(id);
      boolean pending = left != null && left.getAndDecrement() > 0;
      return new Reply(200, pending ? pending(id) : logs.apply(tamper.apply(result)));
    }
    return error(404, ErrorCodes.NOT_FOUND, "no route " + method + " " + path);
  }

  /** {@code GET /api/v1/invocations}: as the broker lists them, from the results that ran. */
  private Reply list(AuthenticatedCaller caller, List<String> params) {
    String function = null;
    long since = 0;
    for (String param : params) {
      String value =
          java.net.URLDecoder.decode(
              param.substring(param.indexOf('=') + 1), java.nio.charset.StandardCharsets.UTF_8);
      if (param.startsWith("function=")) {
        function = value;
      } else if (param.startsWith("since=")) {
        since = Long.parseLong(value);
      }
    }
    List<io.edgemarket.model.api.InvocationSummary> found = new java.util.ArrayList<>();
    for (InvocationResult r : results.values()) {
      InvocationTicket t = r.receipt() == null ? null : r.receipt().ticket();
      if (t != null
          && (caller.role() == io.edgemarket.model.Role.AUDITOR
              || t.consumerId().equals(caller.id()))
          && (function == null || function.equals(t.functionId()))
          && t.issuedAt() >= since) {
        found.add(
            new io.edgemarket.model.api.InvocationSummary(
                r.invocationId(),
                t.consumerId(),
                t.functionId(),
                t.issuedAt(),
                r.status(),
                r.cost(),
                r.providerId(),
                r.settlement(),
                r.batchId()));
      }
    }
    found.sort(
        java.util.Comparator.comparingLong(io.edgemarket.model.api.InvocationSummary::issuedAt)
            .reversed());
    return new Reply(200, new io.edgemarket.model.api.InvocationListing(found, false));
  }

  private static boolean ownedBy(AuthenticatedCaller caller, InvocationResult result) {
    return result.receipt() != null
        && result.receipt().ticket().functionId().startsWith(caller.id() + "/");
  }

  private Reply invoke(AuthenticatedCaller caller, InvocationRequest request, boolean async) {
    requests.add(request);
    InvocationTicket ticket = request.ticket();
    if (refusal != null) {
      return refusal;
    }
    if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return error(503, ErrorCodes.UNAVAILABLE, "starting up");
    }
    if (throttled.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return new Reply(
          429,
          ApiError.of(429, ErrorCodes.TOO_MANY_IN_FLIGHT, "too many invocations in flight"),
          "1");
    }
    if (!ticket.consumerId().equals(caller.id())) {
      return error(403, ErrorCodes.FORBIDDEN, "not your ticket");
    }
    if (!ticket.verify(caller.certificate().getPublicKey())
        || !ticket.matchesInput(request.input())) {
      return error(400, ErrorCodes.BAD_REQUEST, "ticket signature or input digest mismatch");
    }
    String specJson = ledger.functions.get(ticket.functionId());
    if (specJson == null
        || !Json.read(specJson, FunctionSpec.class).digest().equals(ticket.functionDigest())) {
      return error(404, ErrorCodes.NOT_FOUND, "unknown function " + ticket.functionId());
    }
    if (results.containsKey(ticket.invocationId())) {
      // As the broker does: the same ticket again gets the first answer, another is a duplicate.
      if (ticket.signature().equals(ticketSignatures.get(ticket.invocationId()))) {
        return new Reply(200, tamper.apply(results.get(ticket.invocationId())));
      }
      return error(409, ErrorCodes.DUPLICATE, "invocation id reused");
    }
    InvocationResult result = run(ticket, request.input());
    results.put(ticket.invocationId(), result);
    ticketSignatures.put(ticket.invocationId(), ticket.signature());
    if (async) {
      pendingPolls.put(ticket.invocationId(), new AtomicInteger(polls));
      return new Reply(202, pending(ticket.invocationId()));
    }
    return new Reply(200, tamper.apply(result));
  }

  private InvocationResult run(InvocationTicket ticket, byte[] input) {
    String name = ticket.functionId().substring(ticket.functionId().lastIndexOf('/') + 1);
    if (name.equals("unavailable")) {
      return new InvocationResult(
          ticket.invocationId(),
          InvocationResult.Status.FAILED,
          null,
          "no provider could run it",
          null,
          0,
          null,
          null,
          null);
    }
    String text = new String(input, StandardCharsets.UTF_8);
    boolean fails = name.equals("fail");
    byte[] output =
        fails
            ? "boom".getBytes(StandardCharsets.UTF_8)
            : name.equals("upper")
                ? text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)
                : input;
    String status = fails ? Receipt.FUNCTION_ERROR : Receipt.OK;
    Receipt receipt = market.receipt(ticket, output, status, 1000 + 100L * input.length);
    return new InvocationResult(
            ticket.invocationId(),
            InvocationResult.Status.valueOf(status),
            output,
            fails ? "function trapped: boom" : null,
            receipt,
            receipt.amount(),
            receipt.providerId(),
            InvocationResult.Settlement.PENDING,
            null)
        .withLogs("ran " + name + " on " + input.length + " bytes\n");
  }

  /** Settles every receipted invocation not yet settled, in one batch. */
  public synchronized String settleAll() {
    String batchId = "batch-" + (++batches);
    List<Receipt> receipts = new ArrayList<>();
    results.replaceAll(
        (id, r) -> {
          if (r.receipt() == null || r.settlement() == InvocationResult.Settlement.SETTLED) {
            return r;
          }
          receipts.add(r.receipt());
          return new InvocationResult(
                  r.invocationId(),
                  r.status(),
                  r.output(),
                  r.error(),
                  r.receipt(),
                  r.cost(),
                  r.providerId(),
                  InvocationResult.Settlement.SETTLED,
                  batchId)
              .withLogs(r.logs());
        });
    ledger.books.settle(batchId, market.broker.id(), receipts);
    return batchId;
  }

  /** Marks an invocation's receipt rejected by settlement, as the broker reports it: cost 0. */
  public void reject(String id) {
    results.computeIfPresent(
        id,
        (k, r) ->
            new InvocationResult(
                r.invocationId(),
                r.status(),
                r.output(),
                "settlement rejected",
                r.receipt(),
                0,
                r.providerId(),
                InvocationResult.Settlement.REJECTED,
                "batch-x"));
  }

  private static InvocationResult pending(String id) {
    return InvocationResult.pending(id);
  }

  public static Reply error(int status, String code, String message) {
    return new Reply(status, ApiError.of(status, code, message));
  }
}
