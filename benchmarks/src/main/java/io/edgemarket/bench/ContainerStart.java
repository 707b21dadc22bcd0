package io.edgemarket.bench;

import io.edgemarket.agent.container.ContainerConfig;
import io.edgemarket.agent.container.ContainerLimits;
import io.edgemarket.agent.container.ContainerSandbox;
import io.edgemarket.agent.sandbox.Execution;
import io.edgemarket.model.crypto.Crypto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Container start latency through the agent's own {@link ContainerSandbox} and the real Docker
 * engine, call to result, for an image whose entrypoint upper-cases stdin: cold (no pooled
 * container: create, attach, start, then the run) and warm (a container the pool created and
 * started ahead, blocked reading stdin: write the input, close stdin, read the output to the exit).
 * Removal is off the call's path in both. Before each warm call the loop waits for the pool to hold
 * a started container again, so warm means a pool hit, not a refill race. JMH would add nothing at
 * these durations, so this is a plain loop. Prints a {@code RESULT key=value ...} line for {@link
 * Report}.
 *
 * <p>Usage: {@code ContainerStart IMAGE.tar [runs]} (an image from samples/containers/build.sh).
 */
public final class ContainerStart {
  private static final byte[] INPUT = "ping".getBytes(StandardCharsets.UTF_8);

  private ContainerStart() {}

  public static void main(String[] args) throws Exception {
    Path image = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    String digest = Crypto.sha256Hex(Files.readAllBytes(image));
    // 64 MiB, one core, 10 s, 1 MiB of output: what a small function is deployed with.
    ContainerLimits limits = new ContainerLimits(64L << 20, 1000, Duration.ofSeconds(10), 1 << 20);
    ContainerConfig config = ContainerConfig.defaults().withOwner("edgemarket-bench");
    long[] cold = new long[runs];
    try (ContainerSandbox sandbox = ContainerSandbox.open(config.withWarmPerImage(0))) {
      sandbox.load(image, digest);
      call(sandbox, digest, limits); // the image's first container: not counted
      for (int i = 0; i < runs; i++) {
        cold[i] = timed(sandbox, digest, limits);
      }
    }
    long[] warm = new long[runs];
    try (ContainerSandbox sandbox = ContainerSandbox.open(config.withWarmPerImage(1))) {
      call(sandbox, digest, limits);
      for (int i = 0; i < runs; i++) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (sandbox.warmContainers(digest) < 1 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        warm[i] = timed(sandbox, digest, limits);
      }
      System.out.printf(
          Locale.ROOT,
          "RESULT runs=%d cold_p50_ms=%.1f cold_p90_ms=%.1f cold_p99_ms=%.1f warm_p50_ms=%.1f"
              + " warm_p90_ms=%.1f warm_p99_ms=%.1f warm_starts=%d%n",
          runs,
          percentile(cold, 50),
          percentile(cold, 90),
          percentile(cold, 99),
          percentile(warm, 50),
          percentile(warm, 90),
          percentile(warm, 99),
          sandbox.warmStarts());
    }
  }

  private static long timed(ContainerSandbox sandbox, String digest, ContainerLimits limits)
      throws Exception {
    long began = System.nanoTime();
    call(sandbox, digest, limits);
    return System.nanoTime() - began;
  }

  private static void call(ContainerSandbox sandbox, String digest, ContainerLimits limits)
      throws Exception {
    Execution run = sandbox.run(digest, INPUT, limits);
    if (!"PING".equals(run.outputUtf8())) {
      throw new IllegalStateException("the image did not upper-case its input: " + run);
    }
  }

  private static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
  }
}
