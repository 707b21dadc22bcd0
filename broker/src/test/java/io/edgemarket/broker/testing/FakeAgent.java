package io.edgemarket.broker.testing;

import io.edgemarket.model.Offer;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Usage;
import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.json.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in provider agent: serves {@code POST /invoke} by upper-casing the input and signing a
 * receipt with {@link Receipt#sign}, and sends heartbeats to the broker. It can be told to fail,
 * hang, answer busy, refuse the module, forge its signature or lie about the output, and told what
 * to report as the function's logs, and to answer late.
 */
public final class FakeAgent implements AutoCloseable {
  /** How the agent behaves on the next invocations. */
  public enum Mode {
    OK,
    FAIL,
    HANG,
    BUSY,
    BAD_MODULE,
    FORGED_SIGNATURE,
    WRONG_OUTPUT,
    /** Signs its receipt over a wrong output and answers with it: a cheat, not a fault. */
    LIAR,
    /** Meters ten times {@link #FUEL}, at its own prices: an overcharge by an inflated meter. */
    INFLATED_FUEL
  }

  /** Fuel every fake run meters: 2.5 million instructions. */
  public static final long FUEL = 2_500_000;

  private final Identity provider;
  private volatile Identity signer;
  private final Identity forger;
  private final long price;
  private final long pricePerMegaFuel;
  private final String offerId;
  private volatile SignedClient broker;
  private final Javalin app;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
  private volatile Mode mode = Mode.OK;
  private volatile CountDownLatch gate;
  private volatile String logs;
  private volatile long delayMillis;

  FakeAgent(
      Identity provider, Identity forger, long price, long pricePerMegaFuel, SignedClient broker) {
    this.provider = provider;
    this.signer = provider;
    this.forger = forger;
    this.price = price;
    this.pricePerMegaFuel = pricePerMegaFuel;
    this.offerId = "offer-" + provider.id();
    this.broker = broker;
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.jsonMapper(new JavalinJackson(Json.mapper(), false));
              config.routes.post("/invoke", this::invoke);
            });
    app.start("127.0.0.1", 0);
  }

  public void mode(Mode newMode) {
    this.mode = newMode;
  }

  /**
   * Keeps every call from now on waiting (after counting it in {@link #calls}) until {@link #open}:
   * invocations held in flight as long as a test needs.
   */
  public void hold() {
    gate = new CountDownLatch(1);
  }

  /** Lets the calls {@link #hold} kept waiting, and all later ones, run. */
  public void open() {
    CountDownLatch held = gate;
    gate = null;
    if (held != null) {
      held.countDown();
    }
  }

  /** Answers every call from now on only after {@code delay}: a slow provider. */
  public void delay(java.time.Duration delay) {
    this.delayMillis = delay.toMillis();
  }

  /** Calls it has answered with a result (after any delay). */
  public int answered() {
    return answered.get();
  }

  /** What the next answers report as the function's stderr (null: none). */
  public void logs(String stderr) {
    this.logs = stderr;
  }

  /**
   * Signs receipts, and its heartbeats through {@code client}, with this identity from now on: a
   * rotated key, or a stolen old one.
   */
  public void signWith(Identity identity, SignedClient client) {
    signer = identity;
    broker = client;
  }

  public int calls() {
    return calls.get();
  }

  public String offerId() {
    return offerId;
  }

  public Identity identity() {
    return provider;
  }

  /** The cost of one fake run at this agent's prices. */
  public long cost() {
    return io.edgemarket.model.Pricing.amount(price, pricePerMegaFuel, FUEL);
  }

  public Offer offer() {
    return new Offer(
        offerId,
        null,
        "http://127.0.0.1:" + app.port(),
        "local",
        0,
        0,
        1000,
        512,
        8,
        List.of("wasm"),
        List.of(),
        price,
        pricePerMegaFuel,
        System.currentTimeMillis() + 3_600_000,
        null,
        0);
  }

  /** Sends a heartbeat now and every 500 ms. */
  public void startHeartbeats() {
    beats.scheduleWithFixedDelay(this::heartbeat, 0, 500, TimeUnit.MILLISECONDS);
  }

  private void heartbeat() {
    try {
      broker.post(
          "/api/v1/providers/heartbeat",
          new Heartbeat(
              provider.id(), offerId, null, 0, 8, 1000, 512, false, System.currentTimeMillis()));
    } catch (RuntimeException e) {
      // The broker may be restarting; the next beat will do.
    }
  }

  /** Answers as the real agent does: problem details under their own media type. */
  private static void problem(Context ctx, ApiError problem) {
    ctx.status(problem.status()).contentType(ApiError.MEDIA_TYPE).result(Json.bytes(problem));
  }

  private void invoke(Context ctx) throws InterruptedException {
    calls.incrementAndGet();
    CountDownLatch held = gate;
    if (held != null && !held.await(30, TimeUnit.SECONDS)) {
      problem(ctx, ApiError.of(500, "INTERNAL", "the fake agent was held too long"));
      return;
    }
    InvokeRequest request = Json.read(ctx.bodyAsBytes(), InvokeRequest.class);
    long delay = delayMillis;
    if (delay > 0) {
      Thread.sleep(delay);
    }
    Mode now = mode;
    switch (now) {
      case FAIL -> {
        problem(ctx, ApiError.of(500, "INTERNAL", "the fake agent was told to fail"));
        return;
      }
      case HANG -> {
        release.await();
        ctx.status(500);
        return;
      }
      case BUSY -> {
        problem(ctx, ApiError.of(503, "UNAVAILABLE", "full"));
        return;
      }
      case BAD_MODULE -> {
        problem(ctx, ApiError.of(400, "BAD_REQUEST", "module does not export _start"));
        return;
      }
      default -> {}
    }
    byte[] output =
        // Each liar tells its own lie: liars that do not collude disagree with each other too.
        (now == Mode.LIAR ? "a lie by " + identity().id() + ": " : "")
            .concat(new String(request.input(), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT))
            .getBytes(StandardCharsets.UTF_8);
    long started = System.currentTimeMillis();
    Receipt receipt =
        Receipt.sign(
            now == Mode.FORGED_SIGNATURE ? forger : signer,
            request.ticket(),
            request.assignment(),
            output,
            Receipt.OK,
            new Usage(now == Mode.INFLATED_FUEL ? FUEL * 10 : FUEL, 65_536, 12),
            price,
            pricePerMegaFuel,
            started,
            System.currentTimeMillis(),
            sequence.incrementAndGet());
    byte[] sent =
        now == Mode.WRONG_OUTPUT ? "something else".getBytes(StandardCharsets.UTF_8) : output;
    ctx.json(new InvokeResponse(Receipt.OK, sent, null, receipt, logs));
    answered.incrementAndGet();
  }

  /** The agent process dies: its port refuses connections, though its last heartbeat is recent. */
  public void kill() {
    open();
    beats.shutdownNow();
    release.countDown();
    app.stop();
  }

  @Override
  public void close() {
    open();
    beats.shutdownNow();
    release.countDown();
    app.stop();
  }
}
