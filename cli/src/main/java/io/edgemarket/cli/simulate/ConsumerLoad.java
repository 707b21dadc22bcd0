package io.edgemarket.cli.simulate;

import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.Role;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvokeOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated consumers: each a real SDK client with its own identity and escrow, its own copy of
 * {@code upper} deployed under the chosen trust level, and together an open loop at a fixed total
 * rate (each call due at its time whether or not earlier ones have answered; latency counts from
 * that time). A call is skipped, and counted, when more than {@code maxInFlight} are waiting.
 */
final class ConsumerLoad implements AutoCloseable {
  static final String FUNCTION = "upper";
  private static final String[] WORDS = {
    "edge", "sensor", "reading", "frame", "market", "ledger", "receipt", "wasm", "node", "hello"
  };

  private final List<Identity> identities;
  private final List<EdgeMarket> clients;
  private final Fleet fleet;
  private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger sent = new AtomicInteger();

  private ConsumerLoad(List<Identity> identities, List<EdgeMarket> clients, Fleet fleet) {
    this.identities = identities;
    this.clients = clients;
    this.fleet = fleet;
  }

  static ConsumerLoad start(
      LocalMarket market,
      int consumers,
      long escrow,
      TrustLevel trust,
      long samplePpm,
      Fleet fleet,
      PrintStream log)
      throws Exception {
    byte[] wasm = sample();
    List<Identity> identities = new ArrayList<>();
    List<EdgeMarket> clients = new ArrayList<>();
    ConsumerLoad load = new ConsumerLoad(identities, clients, fleet);
    try {
      DeployOptions deploy = DeployOptions.defaults().withTrustLevel(trust);
      if (trust != TrustLevel.RECEIPT) {
        deploy = deploy.withSamplePpm(samplePpm);
      }
      for (int i = 0; i < consumers; i++) {
        Identity identity = market.participant("sim-consumer-" + (i + 1), Role.CONSUMER, escrow);
        EdgeMarket client =
            EdgeMarket.builder()
                .broker(market.brokerUrl())
                .identity(identity)
                .trustRoots(market.trustRoots())
                .ledger(market.ledgerAs(identity))
                .build();
        identities.add(identity);
        clients.add(client);
        client.deploy(FUNCTION, wasm, deploy);
      }
    } catch (Exception e) {
      load.close();
      throw e;
    }
    log.printf(
        "simulate: %d consumers funded with %d each; %s deployed with trust %s%n",
        consumers, escrow, FUNCTION, trust.name().toLowerCase(java.util.Locale.ROOT));
    return load;
  }

  private static byte[] sample() throws IOException {
    try (InputStream in =
        ConsumerLoad.class.getResourceAsStream("/samples/wasm/" + FUNCTION + ".wasm")) {
      if (in == null) {
        throw new IOException("sample function " + FUNCTION + ".wasm is not on the class path");
      }
      return in.readAllBytes();
    }
  }

  /**
   * Makes calls at {@code rate} per second for {@code duration}, on this thread, then waits up to
   * {@code drain} for those still in flight.
   */
  void run(
      double rate, Duration duration, int maxInFlight, long maxPrice, long seed, Duration drain)
      throws InterruptedException {
    Random random = new Random(seed);
    long periodNanos = (long) (1e9 / rate);
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    for (long i = 0; ; i++) {
      long due = start + i * periodNanos;
      if (due >= end) {
        break;
      }
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      int consumer = random.nextInt(clients.size());
      byte[] input = input(random);
      if (inFlight.get() >= maxInFlight) {
        calls.add(
            new Call(
                consumer,
                "NOT_SENT",
                "over " + maxInFlight + " in flight",
                0,
                0,
                null,
                false,
                null,
                0,
                0));
        continue;
      }
      call(consumer, input, due, maxPrice);
    }
    long drainEnd = System.nanoTime() + drain.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < drainEnd) {
      Thread.sleep(50);
    }
  }

  private void call(int consumer, byte[] input, long due, long maxPrice) {
    long[] prices = fleet.livePrices();
    long cheapest = prices.length == 0 ? 0 : prices[0];
    long tenth = prices.length == 0 ? 0 : prices[(prices.length - 1) / 10];
    inFlight.incrementAndGet();
    sent.incrementAndGet();
    clients
        .get(consumer)
        .invokeAsync(
            FUNCTION,
            input,
            maxPrice > 0
                ? InvokeOptions.defaults().withMaxPrice(maxPrice)
                : InvokeOptions.defaults())
        .whenComplete(
            (result, failure) -> {
              long latency = System.nanoTime() - due;
              inFlight.decrementAndGet();
              if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                calls.add(
                    new Call(
                        consumer,
                        "ERROR",
                        String.valueOf(cause.getMessage()),
                        latency,
                        0,
                        null,
                        false,
                        null,
                        cheapest,
                        tenth));
                return;
              }
              boolean correct =
                  result.status() == InvocationResult.Status.OK
                      && result.output() != null
                      && Arrays.equals(result.output(), Truth.output(input));
              calls.add(
                  new Call(
                      consumer,
                      result.status().name(),
                      result.error(),
                      latency,
                      result.cost(),
                      result.providerId(),
                      correct,
                      result.verification() == null ? null : result.verification().outcome(),
                      cheapest,
                      tenth));
            });
  }

  private static byte[] input(Random random) {
    StringBuilder text = new StringBuilder();
    int words = 2 + random.nextInt(6);
    for (int i = 0; i < words; i++) {
      text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text.append(' ')
        .append(random.nextInt(1_000_000))
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  int inFlight() {
    return inFlight.get();
  }

  int sent() {
    return sent.get();
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  List<Identity> identities() {
    return identities;
  }

  List<EdgeMarket> clients() {
    return clients;
  }

  @Override
  public void close() {
    clients.forEach(EdgeMarket::close);
  }
}
