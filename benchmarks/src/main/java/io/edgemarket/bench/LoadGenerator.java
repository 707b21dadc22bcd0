package io.edgemarket.bench;

import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvocationException;
import io.edgemarket.sdk.InvokeOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Broker overhead under load, on loopback: a {@link LocalMarket} (embedded ledger, broker, agents)
 * in a temporary directory, the sample {@code echo} deployed, then {@code --invocations} calls from
 * {@code --concurrency} callers through the consumer SDK. For each call it records the end-to-end
 * latency seen by the caller and the agent's own execution time (the receipt's {@code wallMicros}:
 * instantiate and run in the sandbox); overhead is the difference. Bounded by {@code --seconds}.
 *
 * <p>Prints one {@code RESULT key=value ...} line for scripts/bench.sh.
 */
public final class LoadGenerator {
  /** What every call sends to echo: 16 bytes, so a run measures the market, not the payload. */
  private static final byte[] INPUT = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private LoadGenerator() {}

  /** One measured call: end-to-end and agent time, microseconds. */
  record Sample(long endToEndMicros, long agentMicros) {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path data = Files.createTempDirectory("edgemarket-load");
    PrintStream log = System.err;
    try (LocalMarket market = LocalMarket.start(data, 0, options.providers(), log);
        EdgeMarket client =
            EdgeMarket.builder()
                .broker(market.brokerUrl())
                .identity(market.dir().identity("consumer"))
                .trustRoot(market.dir().trustRoot())
                .build()) {
      client.deploy("echo", Samples.wasm("echo"), DeployOptions.defaults());
      log.printf("warming up: %d invocations%n", options.warmup());
      run(client, options.warmup(), options.concurrency(), options.seconds());
      log.printf(
          "measuring: %d invocations from %d callers%n",
          options.invocations(), options.concurrency());
      List<String> agents = market.agents().stream().map(a -> a.url()).toList();
      AgentTimes before = AgentTimes.read(agents);
      long started = System.nanoTime();
      Run run = run(client, options.invocations(), options.concurrency(), options.seconds());
      double seconds = (System.nanoTime() - started) / 1e9;
      double agentMeanMicros = AgentTimes.read(agents).meanMicrosSince(before);
      report(options, run, seconds, agentMeanMicros);
    } finally {
      deleteTree(data);
    }
  }

  record Run(List<Sample> samples, int errors) {}

  private static Run run(EdgeMarket client, int count, int callers, long maxSeconds)
      throws Exception {
    long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<List<Sample>>> futures = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        futures.add(
            pool.submit(
                () -> {
                  List<Sample> mine = new ArrayList<>();
                  while (next.getAndIncrement() < count && System.nanoTime() < deadline) {
                    Sample sample = call(client);
                    if (sample == null) {
                      errors.incrementAndGet();
                    } else {
                      mine.add(sample);
                    }
                  }
                  return mine;
                }));
      }
      List<Sample> all = new ArrayList<>();
      for (Future<List<Sample>> future : futures) {
        all.addAll(future.get());
      }
      return new Run(all, errors.get());
    } finally {
      pool.shutdownNow();
    }
  }

  private static Sample call(EdgeMarket client) {
    long start = System.nanoTime();
    InvocationResult result;
    try {
      result = client.invoke("echo", INPUT, InvokeOptions.defaults());
    } catch (RuntimeException | InvocationException e) {
      System.err.println("invocation failed: " + e);
      return null;
    }
    long endToEnd = (System.nanoTime() - start) / 1000;
    if (result.status() != InvocationResult.Status.OK || result.receipt() == null) {
      System.err.println("invocation " + result.invocationId() + ": " + result.status());
      return null;
    }
    return new Sample(endToEnd, result.receipt().usage().wallMicros());
  }

  private static void report(Options options, Run run, double seconds, double agentMeanMicros) {
    List<Sample> samples = run.samples();
    Percentiles e2e = new Percentiles(samples.stream().mapToLong(Sample::endToEndMicros).toArray());
    Percentiles agent = new Percentiles(samples.stream().mapToLong(Sample::agentMicros).toArray());
    Percentiles overhead =
        new Percentiles(
            samples.stream().mapToLong(s -> s.endToEndMicros() - s.agentMicros()).toArray());
    double rate = samples.size() / seconds;
    // The agent's own time per invocation beyond the sandbox: admission, slot, code lookup, the
    // hand-off to a sandbox worker, receipt signing (means: the agent's timer has no percentiles).
    double sandboxMeanMicros = samples.stream().mapToLong(Sample::agentMicros).average().orElse(0);
    double agentOverheadMicros = agentMeanMicros - sandboxMeanMicros;
    System.out.printf(
        "invocations %d ok, %d failed, in %.2f s: %.0f invocations/s%n",
        samples.size(), run.errors(), seconds, rate);
    System.out.printf("end to end   p50 %6d us  p99 %6d us%n", e2e.at(50), e2e.at(99));
    System.out.printf("agent (wall) p50 %6d us  p99 %6d us%n", agent.at(50), agent.at(99));
    System.out.printf("overhead     p50 %6d us  p99 %6d us%n", overhead.at(50), overhead.at(99));
    System.out.printf(
        "agent handler mean %.0f us, of which sandbox %.0f us: agent overhead %.0f us%n",
        agentMeanMicros, sandboxMeanMicros, agentOverheadMicros);
    System.out.printf(
        "RESULT providers=%d concurrency=%d ok=%d failed=%d seconds=%.2f rate=%.0f"
            + " e2e_p50_us=%d e2e_p99_us=%d agent_p50_us=%d agent_p99_us=%d"
            + " overhead_p50_us=%d overhead_p99_us=%d agent_handler_mean_us=%.0f"
            + " agent_overhead_mean_us=%.0f%n",
        options.providers(),
        options.concurrency(),
        samples.size(),
        run.errors(),
        seconds,
        rate,
        e2e.at(50),
        e2e.at(99),
        agent.at(50),
        agent.at(99),
        overhead.at(50),
        overhead.at(99),
        agentMeanMicros,
        agentOverheadMicros);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
