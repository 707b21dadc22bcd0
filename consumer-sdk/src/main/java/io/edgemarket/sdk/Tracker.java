package io.edgemarket.sdk;

import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.api.InvocationResult;
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
  /** Builds the phase's exception; matches the exceptions' constructors. */
  interface Raise<E extends EdgeMarketException> {
    E make(Failure failure, String message, Throwable cause);
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

  /**
   * Polls until the invocation is no longer PENDING; gives up when its ticket has expired. A broker
   * that restarted before the invocation finished no longer knows it (NOT_FOUND): then the same
   * ticket is submitted again ({@code resubmit}), which runs it once.
   */
  InvocationResult awaitFinished(Invocations.Call call, InvocationResult first, Task resubmit)
      throws InvocationException {
    InvocationResult result = first;
    long deadline = call.ticket().expiresAt() + timeout.toMillis();
    for (int attempt = 0; result.status() == InvocationResult.Status.PENDING; attempt++) {
      if (System.currentTimeMillis() > deadline || !pause(attempt)) {
        throw new InvocationException(
            Failure.of(EdgeMarketException.TIMEOUT).id(call.id()),
            "invocation " + call.id() + " still pending",
            null);
      }
      try {
        result = get(call.id(), call.logs(), InvocationException::new);
      } catch (InvocationException e) {
        if (!ErrorCodes.NOT_FOUND.equals(e.code())) {
          throw e;
        }
        result = resubmit.run();
      }
    }
    return finished(call.ticket(), result);
  }

  /** Verifies a finished result against our ticket; FAILED becomes an exception. */
  InvocationResult finished(InvocationTicket ticket, InvocationResult result)
      throws InvocationException {
    String id = ticket.invocationId();
    if (result.status() == InvocationResult.Status.FAILED) {
      throw new InvocationException(
          Failure.of(ErrorCodes.UNAVAILABLE).id(id),
          "invocation " + id + " failed: " + result.error(),
          null);
    }
    Optional<String> problem = verifier.problem(result, ticket, id);
    if (problem.isPresent()) {
      throw new InvocationException(
          Failure.of(EdgeMarketException.VERIFICATION_FAILED).id(id),
          "answer for invocation " + id + " rejected: " + problem.get(),
          null);
    }
    if (result.outputDropped()) {
      // It ran and is paid for (its receipt checked out), but the output cannot be had any more.
      throw new InvocationException(
          Failure.of(EdgeMarketException.OUTPUT_DROPPED).id(id),
          "invocation "
              + id
              + " ran (cost "
              + result.cost()
              + ") but the broker no longer keeps its output; its receipt stands",
          null);
    }
    return result;
  }

  /** The broker's state of an invocation; a finished one must carry a receipt that verifies. */
  <E extends EdgeMarketException> InvocationResult invocation(String invocationId, Raise<E> raise)
      throws E {
    InvocationResult result = get(invocationId, raise);
    Optional<String> problem =
        result.status().ran() ? verifier.problem(result, null, invocationId) : Optional.empty();
    if (problem.isPresent()) {
      throw raise.make(
          Failure.of(EdgeMarketException.VERIFICATION_FAILED).id(invocationId),
          "answer for invocation " + invocationId + " rejected: " + problem.get(),
          null);
    }
    return result;
  }

  io.edgemarket.model.Receipt awaitSettled(String invocationId, Duration wait)
      throws SettlementException {
    return settlements.await(invocationId, wait);
  }

  <E extends EdgeMarketException> InvocationResult get(String invocationId, Raise<E> raise)
      throws E {
    return get(invocationId, true, raise);
  }

  /** The broker's answer about an invocation, with the function's logs if {@code logs}. */
  <E extends EdgeMarketException> InvocationResult get(
      String invocationId, boolean logs, Raise<E> raise) throws E {
    Objects.requireNonNull(invocationId, "invocationId");
    String path =
        "/api/v1/invocations/"
            + URLEncoder.encode(invocationId, StandardCharsets.UTF_8)
            + (logs ? "?logs=true" : "");
    BrokerHttp.Answer answer;
    try {
      answer = http.sendPatiently("GET", path, null, null, timeout);
    } catch (BrokerHttp.Unreachable e) {
      throw raise.make(e.failure(invocationId), e.getMessage(), e);
    }
    if (!answer.ok()) {
      throw raise.make(
          answer.failure(invocationId),
          "invocation " + invocationId + ": " + answer.problem().detail(),
          null);
    }
    return parse(answer, invocationId, raise);
  }

  <E extends EdgeMarketException> InvocationResult parse(
      BrokerHttp.Answer answer, String invocationId, Raise<E> raise) throws E {
    try {
      InvocationResult result =
          Records.read(new String(answer.body(), StandardCharsets.UTF_8), InvocationResult.class);
      if (result.status() == null) {
        throw new IllegalArgumentException("no status");
      }
      return result;
    } catch (IllegalArgumentException e) {
      throw raise.make(
          Failure.of(ErrorCodes.INTERNAL).httpStatus(answer.status()).id(invocationId),
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
