package io.edgemarket.agent.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.testing.HostileCases;
import io.edgemarket.testing.HostileWasm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile modules (issue 13): each is refused at load with a {@link BadModuleException},
 * or loads and then runs to an execution that kept within the limits it was given. Nothing else may
 * come out: no other exception, no hang, no OutOfMemoryError. CI runs 400 cases from a fixed seed;
 * {@code HOSTILE_CASES=20000 HOSTILE_SEED=random} runs the long version (RELIABILITY.md).
 */
class GeneratedModulesTest {

  private static final String[] SAMPLES = {
    "echo",
    "upper",
    "wordcount",
    "anomaly",
    "features",
    "counter",
    "loop",
    "membomb",
    "tablebomb",
    "recurse",
    "snoop",
    "bigoutput",
    "trap",
    "exit3",
    "netimport",
    "tailcall"
  };
  private static final long MEMORY = 8L << 20;
  private static final long FUEL = 2_000_000;
  private static final long OUTPUT = 64 * 1024;
  private static final Duration DEADLINE = Duration.ofSeconds(2);
  // Only turns a hang into a failure; the sandbox's own deadline is what ends a run.
  private static final long HANG_SECONDS = 60;

  private static final ExecutorService LOADER = Executors.newSingleThreadExecutor();

  @AfterAll
  static void stopLoader() {
    LOADER.shutdownNow();
  }

  @Test
  void everyGeneratedModuleIsRefusedOrRunsWithinItsLimits() throws Exception {
    HostileCases run = HostileCases.fromEnvironment(400);
    Map<String, byte[]> samples = new TreeMap<>();
    for (String name : SAMPLES) {
      samples.put(name, Samples.wasm(name));
    }
    HostileWasm generator = new HostileWasm(run, samples);
    HostileWasm.Case replay = replayed();
    if (replay != null) {
      run = new HostileCases(1, run.seed());
    }
    SandboxLimits limits =
        new SandboxLimits(MEMORY, DEADLINE, OUTPUT, java.util.OptionalLong.of(FUEL));
    System.out.printf("hostile wasm: seed %d, %d cases%n", run.seed(), run.cases());
    int refused = 0;
    int ran = 0;
    int ok = 0;
    try (WasmSandbox sandbox = new WasmSandbox(new WasmModuleCache(16), 1)) {
      for (int i = 0; i < run.cases(); i++) {
        HostileWasm.Case c = replay == null ? generator.generate(i) : replay;
        LoadedModule module;
        try {
          module = load(sandbox.modules(), c.bytes());
        } catch (BadModuleException e) {
          if (System.getenv("HOSTILE_VERBOSE") != null) {
            System.out.println("REFUSED " + c.kind() + " -> " + e.getMessage());
          }
          refused++;
          continue;
        } catch (Throwable t) {
          throw run.failure("wasm", i, c.kind(), c.bytes(), "loading threw " + t, t);
        }
        Execution execution;
        try {
          execution =
              LOADER
                  .submit(() -> sandbox.run(module, new byte[] {'o', 'k'}, limits))
                  .get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          throw run.failure("wasm", i, c.kind(), c.bytes(), "the run hung", e);
        } catch (ExecutionException e) {
          throw run.failure("wasm", i, c.kind(), c.bytes(), "running threw", e.getCause());
        }
        String broken = brokenLimit(execution);
        if (broken != null) {
          throw run.failure("wasm", i, c.kind(), c.bytes(), broken + ": " + execution, null);
        }
        ran++;
        ok += execution.isOk() ? 1 : 0;
        if (replay != null) {
          System.out.println("replayed: " + execution);
        }
      }
    }
    System.out.printf(
        "hostile wasm: %d cases of seed %d held: %d refused at load, %d ran (%d OK, %d function"
            + " errors)%n",
        run.cases(), run.seed(), refused, ran, ok, ran - ok);
    assertTrue(replay != null || refused > 0 && ran > 0, "the generator makes both kinds");
  }

  /** {@code HOSTILE_REPLAY=FILE}: that module alone, e.g. one a failure wrote under target/. */
  private static HostileWasm.Case replayed() throws java.io.IOException {
    String file = System.getenv("HOSTILE_REPLAY");
    return file == null
        ? null
        : new HostileWasm.Case(
            0, "replay of " + file, java.nio.file.Files.readAllBytes(Path.of(file)));
  }

  /** Loads on another thread so that a loader that hangs fails the test instead of stalling it. */
  private static LoadedModule load(WasmModuleCache cache, byte[] bytes) throws Throwable {
    Future<LoadedModule> loading = LOADER.submit(() -> cache.load(bytes));
    try {
      return loading.get(HANG_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    } catch (TimeoutException e) {
      loading.cancel(true);
      throw new AssertionError("loading hung", e);
    }
  }

  private static String brokenLimit(Execution execution) {
    SandboxUsage usage = execution.usage();
    if (usage.fuel() > FUEL) {
      return "fuel beyond the cap";
    }
    if (usage.peakMemoryBytes() > MEMORY) {
      return "memory beyond the cap";
    }
    if (execution.output().length > OUTPUT) {
      return "output beyond the cap";
    }
    if (!execution.isOk() && (execution.error() == null || execution.error().isBlank())) {
      return "a function error without a reason";
    }
    if (execution.error() != null && execution.error().startsWith("runtime error")) {
      return "an unexpected exception inside the run";
    }
    return null;
  }
}
