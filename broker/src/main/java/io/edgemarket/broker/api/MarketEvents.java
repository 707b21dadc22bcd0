package io.edgemarket.broker.api;

import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/public/events}: server-sent events for the market overview. Each subscriber
 * gets a {@code snapshot} event ({@link MarketSnapshot}) at once, then one about every second and
 * within a quarter second of a change, and a comment line as a heartbeat every 15 s. Snapshots are
 * taken once for all subscribers, and only while there are any.
 *
 * <p>Bounded: past {@link #MAX_SUBSCRIBERS} open streams a new one is refused with 503. A
 * subscriber that cannot keep up skips snapshots (one send in flight each, on a small pool) rather
 * than holding up the others; one that went away is dropped at the next failed write. {@link
 * #close()} ends every stream, so the broker stops without waiting for browsers.
 */
final class MarketEvents implements AutoCloseable {
  static final int MAX_SUBSCRIBERS = 64;
  static final String EVENT = "snapshot";
  private static final long CHECK_MILLIS = 250;
  private static final long PERIOD_MILLIS = 1000;
  private static final long HEARTBEAT_MILLIS = 15_000;
  private static final long CLOSE_WAIT_MILLIS = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(MarketEvents.class);

  private final Snapshots snapshots;
  private final int limit;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final AtomicInteger open = new AtomicInteger();
  private final ScheduledExecutorService ticker;
  private final ExecutorService senders;
  private volatile boolean closed;
  private MarketSnapshot lastSent;
  private long lastSentAt;
  private long lastBeatAt;

  MarketEvents(Snapshots snapshots, int limit) {
    this.snapshots = snapshots;
    this.limit = limit;
    this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("market-events"));
    this.senders = Executors.newFixedThreadPool(2, daemon("market-events-send"));
    ticker.scheduleWithFixedDelay(this::tick, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** {@code ended} completes once the server has finished the response (or it failed). */
  private record Subscriber(
      SseClient client, AtomicBoolean sending, CompletableFuture<Void> ended) {}

  /** The route's handler: refuses past the limit, else opens the stream. */
  void subscribe(Context ctx) {
    if (closed) {
      throw new ApiException(503, ErrorCodes.UNAVAILABLE, "the broker is stopping");
    }
    if (open.incrementAndGet() > limit) {
      open.decrementAndGet();
      throw new ApiException(
          503, ErrorCodes.UNAVAILABLE, "the live feed has " + limit + " subscribers already");
    }
    try {
      // As Javalin's SseHandler does, without its requirement of an Accept header.
      ctx.status(200);
      ctx.res().setCharacterEncoding("UTF-8");
      ctx.res().setContentType("text/event-stream");
      ctx.res().addHeader("Cache-Control", "no-cache");
      ctx.res().addHeader("X-Accel-Buffering", "no");
      ctx.res().flushBuffer();
    } catch (IOException e) {
      open.decrementAndGet();
      throw new UncheckedIOException(e);
    }
    ctx.async(config -> config.timeout = 0, () -> attach(new SseClient(ctx)));
  }

  private void attach(SseClient client) {
    Subscriber subscriber = new Subscriber(client, new AtomicBoolean(), new CompletableFuture<>());
    client.keepAlive();
    client.ctx().req().getAsyncContext().addListener(new Ended(subscriber.ended()));
    client.onClose(() -> detach(subscriber));
    subscribers.add(subscriber);
    if (closed) {
      client.close();
      return;
    }
    client.sendEvent(EVENT, Json.write(snapshots.take()));
  }

  private void detach(Subscriber subscriber) {
    if (subscribers.remove(subscriber)) {
      open.decrementAndGet();
    }
  }

  /** Open streams now. */
  int subscribers() {
    return subscribers.size();
  }

  private void tick() {
    try {
      if (subscribers.isEmpty()) {
        lastSent = null;
        return;
      }
      long now = System.currentTimeMillis();
      MarketSnapshot snapshot = snapshots.take();
      MarketSnapshot unstamped = withoutTime(snapshot);
      if (unstamped.equals(lastSent) && now - lastSentAt < PERIOD_MILLIS) {
        if (now - lastBeatAt >= HEARTBEAT_MILLIS) {
          lastBeatAt = now;
          broadcast(c -> c.sendComment("heartbeat"));
        }
        return;
      }
      lastSent = unstamped;
      lastSentAt = now;
      String data = Json.write(snapshot);
      broadcast(c -> c.sendEvent(EVENT, data));
    } catch (RuntimeException e) {
      LOG.warn("market snapshot failed", e); // the next tick tries again
    }
  }

  private static MarketSnapshot withoutTime(MarketSnapshot s) {
    return new MarketSnapshot(
        0, s.ledger(), s.providers(), s.offers(), s.invocations(), s.settlement(), s.prices());
  }

  private void broadcast(java.util.function.Consumer<SseClient> send) {
    for (Subscriber subscriber : subscribers) {
      if (!subscriber.sending().compareAndSet(false, true)) {
        continue; // still writing the last one: this one is skipped
      }
      try {
        senders.execute(
            () -> {
              try {
                if (!subscriber.client().terminated()) {
                  send.accept(subscriber.client());
                }
              } finally {
                subscriber.sending().set(false);
              }
            });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        subscriber.sending().set(false); // closing
      }
    }
  }

  /**
   * Ends every stream and refuses new ones; waits a moment for the responses to be finished, so
   * that clients see each stream end properly rather than the connection cut by the server's stop.
   */
  @Override
  public void close() {
    closed = true;
    ticker.shutdownNow();
    List<CompletableFuture<Void>> ends = new ArrayList<>();
    for (Subscriber subscriber : subscribers) {
      ends.add(subscriber.ended());
      subscriber.client().close();
    }
    senders.shutdown();
    try {
      CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new))
          .get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.debug("live streams not all ended within {} ms", CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Completes a future when the servlet container finishes an async response, however it ends. */
  private static final class Ended implements AsyncListener {
    private final CompletableFuture<Void> ended;

    Ended(CompletableFuture<Void> ended) {
      this.ended = ended;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      ended.complete(null);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      ended.complete(null);
    }

    @Override
    public void onError(AsyncEvent event) {
      ended.complete(null);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
