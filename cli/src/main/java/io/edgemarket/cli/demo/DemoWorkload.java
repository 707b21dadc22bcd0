package io.edgemarket.cli.demo;

import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvokeOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deploys the sample functions and invokes them many times from a few concurrent callers, as a
 * small edge workload would: text transforms and an IoT sensor check, plus one runaway function
 * that shows a deadline being enforced and its metered usage paid.
 */
public final class DemoWorkload {
  /** One invocation the workload made, with what came back. */
  public record Call(String function, String input, InvocationResult result) {}

  private static final List<String> FUNCTIONS = List.of("echo", "upper", "wordcount", "anomaly");
  private static final int CALLERS = 4;

  private final EdgeMarket market;
  private final PrintStream progress;

  public DemoWorkload(EdgeMarket market, PrintStream progress) {
    this.market = market;
    this.progress = progress;
  }

  public void deploy() throws Exception {
    for (String name : FUNCTIONS) {
      market.deploy(name, sample(name), DeployOptions.defaults());
    }
    market.deploy(
        "loop", sample("loop"), DeployOptions.defaults().withTimeout(Duration.ofMillis(300)));
    progress.println("deployed " + String.join(", ", FUNCTIONS) + " and loop (300 ms deadline)");
  }

  /** Runs {@code count} invocations across the sample functions; the runaway one runs once. */
  public List<Call> run(int count) throws Exception {
    List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger done = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String function = i == count / 2 ? "loop" : FUNCTIONS.get(i % FUNCTIONS.size());
        String input = inputFor(function, i);
        futures.add(
            pool.submit(
                () -> {
                  InvocationResult result =
                      market.invoke(
                          function,
                          input.getBytes(StandardCharsets.UTF_8),
                          InvokeOptions.defaults());
                  calls.add(new Call(function, input, result));
                  if (result.status() != InvocationResult.Status.OK) {
                    errors.incrementAndGet();
                  }
                  progress.printf(
                      "\rinvoking: %d/%d done, %d function errors",
                      done.incrementAndGet(), count, errors.get());
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
      if (System.console() != null) {
        progress.println();
      }
    }
    return List.copyOf(calls);
  }

  /** A rewritten line on a terminal; one line per tenth of the work in a log file. */
  private void report(int done, int count, int errors) {
    boolean terminal = System.console() != null;
    if (terminal || done == count || done % Math.max(1, count / 10) == 0) {
      progress.printf(
          "%sinvoking: %d/%d done, %d function errors%s",
          terminal ? "\r" : "", done, count, errors, terminal ? "" : System.lineSeparator());
    }
  }

  static String inputFor(String function, int i) {
    return switch (function) {
      case "upper" -> "hello edge " + i;
      case "wordcount" -> "the quick brown fox jumps over " + i + " lazy dogs";
      case "anomaly" -> (40 + i % 7) + "\n" + (90 + i % 30) + "\n" + (12 + i) + "\n";
      default -> "ping " + i;
    };
  }

  static byte[] sample(String name) throws IOException {
    try (InputStream in =
        DemoWorkload.class.getResourceAsStream("/samples/wasm/" + name + ".wasm")) {
      if (in == null) {
        throw new IOException("sample function " + name + ".wasm is not on the classpath");
      }
      return in.readAllBytes();
    }
  }
}
