package io.edgemarket.agent.sandbox;

import static io.edgemarket.agent.sandbox.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing the sandbox must leave no caller waiting forever, whatever state its run was in. */
class LifecycleTest {

  private static final long BOUND_SECONDS = 30;

  @Test
  void closingEndsRunningAndQueuedExecutions() throws Exception {
    WasmModuleCache cache = new WasmModuleCache();
    LoadedModule loop = Samples.load(cache, "loop");
    LoadedModule echo = Samples.load(cache, "echo");
    SandboxLimits patient = SandboxLimits.defaults().withDeadline(Duration.ofMinutes(5));
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try {
      WasmSandbox sandbox = new WasmSandbox(cache, 1);
      Future<Execution> looping = callers.submit(() -> sandbox.run(loop, new byte[0], patient));
      // Gives the loop a head start so that the echo likely queues behind it on the one worker.
      Thread.sleep(300);
      Future<Execution> echoing = callers.submit(() -> sandbox.run(echo, utf8("x"), patient));
      Thread.sleep(100);
      assertTimeoutPreemptively(Duration.ofSeconds(BOUND_SECONDS), sandbox::close);

      // The loop can only end because of the close.
      ExecutionException stopped =
          assertThrows(
              ExecutionException.class, () -> looping.get(BOUND_SECONDS, TimeUnit.SECONDS));
      assertInstanceOf(IllegalStateException.class, stopped.getCause());
      // The echo either ran before the close (if it overtook the loop) or was refused.
      try {
        assertEquals("x", echoing.get(BOUND_SECONDS, TimeUnit.SECONDS).outputUtf8());
      } catch (ExecutionException refused) {
        assertInstanceOf(IllegalStateException.class, refused.getCause());
      }
    } finally {
      callers.shutdownNow();
    }
  }
}
