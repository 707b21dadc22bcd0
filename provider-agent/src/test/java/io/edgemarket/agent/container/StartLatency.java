package io.edgemarket.agent.container;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.edgemarket.agent.sandbox.Execution;
import io.edgemarket.testing.Await;
import java.util.Arrays;

/**
 * Measures (not a test) how long one invocation of a trivial image takes through the sandbox, from
 * {@code run} called to result: cold (no warm container: create, attach, start, wait) and warm (a
 * container created and started beforehand, blocked on stdin: feed, read to the exit). Run with the
 * test classpath: {@code java -cp ... io.edgemarket.agent.container.StartLatency [runs]}.
 */
public final class StartLatency {
  private StartLatency() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    String digest = Functions.UPPER.digest();
    try (ContainerSandbox cold =
        Functions.open(Functions.config().withWarmPerImage(0), Functions.UPPER)) {
      run(cold, digest); // the image's first container; not counted
      report("cold", measure(runs, () -> run(cold, digest)), cold);
    }
    try (ContainerSandbox warm = Functions.open(Functions.config(), Functions.UPPER)) {
      run(warm, digest);
      long[] times = new long[runs];
      for (int i = 0; i < runs; i++) {
        Await.until("a warm container", () -> warm.warmContainers(digest) == 1);
        times[i] = timed(() -> run(warm, digest));
      }
      report("warm", times, warm);
    }
  }

  private static void run(ContainerSandbox sandbox, String digest) throws Exception {
    Execution run = sandbox.run(digest, "ping".getBytes(UTF_8), Functions.LIMITS);
    if (!"PING".equals(run.outputUtf8())) {
      throw new IllegalStateException("unexpected " + run);
    }
  }

  private static long[] measure(int runs, Step step) throws Exception {
    long[] times = new long[runs];
    for (int i = 0; i < runs; i++) {
      times[i] = timed(step);
    }
    return times;
  }

  private static long timed(Step step) throws Exception {
    long began = System.nanoTime();
    step.run();
    return System.nanoTime() - began;
  }

  private static void report(String what, long[] nanos, ContainerSandbox sandbox) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%s: n=%d p50=%.1f ms p90=%.1f ms min=%.1f ms max=%.1f ms (warm starts %d, cold %d)%n",
        what,
        sorted.length,
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.9)] / 1e6,
        sorted[0] / 1e6,
        sorted[sorted.length - 1] / 1e6,
        sandbox.warmStarts(),
        sandbox.coldStarts());
  }

  private interface Step {
    void run() throws Exception;
  }
}
