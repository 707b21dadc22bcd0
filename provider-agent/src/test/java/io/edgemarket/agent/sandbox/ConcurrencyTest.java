package io.edgemarket.agent.sandbox;

import static io.edgemarket.agent.sandbox.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

  private static final int CALLERS = 16;

  @Test
  void manyConcurrentRunsAllGetTheirOwnCorrectResult() throws Exception {
    WasmModuleCache cache = new WasmModuleCache();
    LoadedModule upper = Samples.load(cache, "upper");
    LoadedModule wordcount = Samples.load(cache, "wordcount");
    LoadedModule loop = Samples.load(cache, "loop");
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    try (WasmSandbox sandbox = new WasmSandbox(cache, 4)) {
      List<Callable<String>> calls = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < CALLERS * 4; i++) {
        String text = "caller " + i + " says " + "hi ".repeat(i);
        switch (i % 3) {
          case 0 -> {
            calls.add(() -> sandbox.run(upper, utf8(text), SandboxLimits.defaults()).outputUtf8());
            expected.add(text.toUpperCase(java.util.Locale.ROOT));
          }
          case 1 -> {
            calls.add(
                () -> sandbox.run(wordcount, utf8(text), SandboxLimits.defaults()).outputUtf8());
            expected.add((3 + i) + "\n");
          }
          default -> {
            // Hostile neighbours must not disturb the others.
            SandboxLimits brief = SandboxLimits.defaults().withDeadline(Duration.ofMillis(100));
            calls.add(() -> sandbox.run(loop, new byte[0], brief).error());
            expected.add("deadline of 100 ms exceeded");
          }
        }
      }
      List<Future<String>> results = callers.invokeAll(calls);
      for (int i = 0; i < results.size(); i++) {
        assertEquals(expected.get(i), results.get(i).get(), "call " + i);
      }
    } finally {
      callers.shutdownNow();
    }
  }
}
