package io.edgemarket.broker.invoke;

import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as bytes that must have arrived by a deadline. A request's own timeout ends
 * when the response headers arrive, so without this an agent that stops mid-answer would hold a
 * blocking {@code HttpClient.send} (and the invocation) for as long as it liked. One timer thread
 * for the whole broker: the body is cancelled there, the connection closed, and {@code send} throws
 * {@link HttpTimeoutException}.
 */
final class DeadlineBody {
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private DeadlineBody() {}

  /** Bytes of a body that must be complete by {@code deadlineNanos} ({@link System#nanoTime}). */
  static HttpResponse.BodyHandler<byte[]> ofByteArray(long deadlineNanos) {
    return info -> new Subscriber(HttpResponse.BodySubscribers.ofByteArray(), deadlineNanos);
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread thread = new Thread(r, "dispatch-deadlines");
              thread.setDaemon(true);
              return thread;
            });
    // Nearly every body arrives in time: its cancelled deadline must not linger in the queue.
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final HttpResponse.BodySubscriber<byte[]> bytes;
    private final long deadlineNanos;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();

    Subscriber(HttpResponse.BodySubscriber<byte[]> bytes, long deadlineNanos) {
      this.bytes = bytes;
      this.deadlineNanos = deadlineNanos;
      bytes
          .getBody()
          .whenComplete(
              (value, failure) -> {
                if (failure == null) {
                  body.complete(value);
                } else {
                  body.completeExceptionally(failure);
                }
              });
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      long left = deadlineNanos - System.nanoTime();
      ScheduledFuture<?> expiry =
          TIMER.schedule(
              () -> {
                if (body.completeExceptionally(
                    new HttpTimeoutException("the answer's body did not arrive in time"))) {
                  subscription.cancel();
                }
              },
              Math.max(left, 0),
              TimeUnit.NANOSECONDS);
      body.whenComplete((value, failure) -> expiry.cancel(false));
      bytes.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      bytes.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      bytes.onError(throwable);
    }

    @Override
    public void onComplete() {
      bytes.onComplete();
    }
  }
}
