package io.edgemarket.sdk;

import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Follows invocations after submission: reads their state from the broker, verifies finished
 * answers, and waits (async results, settlement) by polling with a growing pause, so a quick
 * function is seen quickly and a slow one does not cost a request every few milliseconds.
 */
final class Tracker implements AutoCloseable {
  /** Builds the phase's exception; matches the exceptions' six-argument constructors. */
  interface Failure<E extends EdgeMarketException> {
    E make(String code, int status, String id, String txId, String message, Throwable cause);
  }

  /** A blocking piece of work whose result completes an async future. */
  interface Task {
    InvocationResult run() throws InvocationException;
  }

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final BrokerHttp http;
  private final AnswerVerifier verifier;
  private final Duration timeout;
  private final Settlements settlements;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "edgemarket-async-" + THREADS.incrementAndGet());
            thread.setDaemon(true); // an unclosed client must not keep the JVM alive
            return thread;
          });

  Tracker(BrokerHttp http, AnswerVerifier verifier, LedgerGateway ledger, Duration timeout) {
    this.http = http;
    this.verifier = verifier;
    this.timeout = timeout;
    this.settlements = new Settlements(this, ledger);
  }

  CompletableFuture<InvocationResult> async(Task task) {
    CompletableFuture<InvocationResult> future = new CompletableFuture<>();
    Future<?> running;
    try {
      running =
          executor.submit(
              () -> {
                try {
                  future.complete(task.run());
                } catch (InvocationException | RuntimeException e) {
                  future.completeExceptionally(e);
                }
              });
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new IllegalStateException("client is closed", e));
    }
    // Cancelling the future stops the polling thread too.
    future.whenComplete((result, error) -> running.cancel(future.isCancelled()));
    return future;
  }

  /** Polls until the invocation is no longer PENDING; gives up when its ticket has expired. */
  InvocationResult awaitFinished(Invoker.Call call, InvocationResult first)
      throws InvocationException {
    InvocationResult result = first;
    long deadline = call.ticket().expiresAt() + timeout.toMillis();
    for (int attempt = 0; InvocationResult.PENDING.equals(result.status()); attempt++) {
      if (System.currentTimeMillis() > deadline || !pause(attempt)) {
        throw new InvocationException(
            EdgeMarketException.TIMEOUT, call.id(), "invocation " + call.id() + " still pending");
      }
      result = get(call.id(), InvocationException::new);
    }
    return finished(call.ticket(), result);
  }

  /** Verifies a finished result against our ticket; FAILED becomes an exception. */
  InvocationResult finished(InvocationTicket ticket, InvocationResult result)
      throws InvocationException {
    String id = ticket.invocationId();
    if (InvocationResult.FAILED.equals(result.status())) {
      throw new InvocationException(
          ErrorCodes.UNAVAILABLE,
          0,
          id,
          null,
          "invocation " + id + " failed: " + result.error(),
          null);
    }
    Optional<String> problem = verifier.problem(result, ticket, id);
    if (problem.isPresent()) {
      throw new InvocationException(
          EdgeMarketException.VERIFICATION_FAILED,
          id,
          "answer for invocation " + id + " rejected: " + problem.get());
    }
    return result;
  }

  /** The broker's state of an invocation; a finished one must carry a receipt that verifies. */
  <E extends EdgeMarketException> InvocationResult invocation(
      String invocationId, Failure<E> failure) throws E {
    InvocationResult result = get(invocationId, failure);
    boolean done =
        InvocationResult.OK.equals(result.status())
            || InvocationResult.FUNCTION_ERROR.equals(result.status());
    Optional<String> problem =
        done ? verifier.problem(result, null, invocationId) : Optional.empty();
    if (problem.isPresent()) {
      throw failure.make(
          EdgeMarketException.VERIFICATION_FAILED,
          0,
          invocationId,
          null,
          "answer for invocation " + invocationId + " rejected: " + problem.get(),
          null);
    }
    return result;
  }

  io.edgemarket.model.Receipt awaitSettled(String invocationId, Duration wait)
      throws SettlementException {
    return settlements.await(invocationId, wait);
  }

  <E extends EdgeMarketException> InvocationResult get(String invocationId, Failure<E> failure)
      throws E {
    Objects.requireNonNull(invocationId, "invocationId");
    String path = "/api/v1/invocations/" + URLEncoder.encode(invocationId, StandardCharsets.UTF_8);
    BrokerHttp.Answer answer;
    try {
      answer = http.send("GET", path, null, null, timeout);
    } catch (BrokerHttp.Unreachable e) {
      throw failure.make(e.code, 0, invocationId, null, e.getMessage(), e);
    }
    if (!answer.ok()) {
      ApiError.Body error = answer.error();
      throw failure.make(
          error.code(),
          answer.status(),
          invocationId,
          error.transactionId(),
          "invocation " + invocationId + ": " + error.message(),
          null);
    }
    return parse(answer, invocationId, failure);
  }

  <E extends EdgeMarketException> InvocationResult parse(
      BrokerHttp.Answer answer, String invocationId, Failure<E> failure) throws E {
    try {
      InvocationResult result =
          Records.read(new String(answer.body(), StandardCharsets.UTF_8), InvocationResult.class);
      if (result.status() == null) {
        throw new IllegalArgumentException("no status");
      }
      return result;
    } catch (IllegalArgumentException e) {
      throw failure.make(
          ErrorCodes.INTERNAL,
          answer.status(),
          invocationId,
          null,
          "unreadable answer for invocation " + invocationId + ": " + e.getMessage(),
          e);
    }
  }

  /** Sleeps 20 ms, 40 ms, ... up to 500 ms; false when interrupted. */
  static boolean pause(int attempt) {
    try {
      Thread.sleep(Math.min(500L, 20L << Math.min(attempt, 5)));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
