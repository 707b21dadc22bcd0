package io.edgemarket.agent.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.agent.link.Cancellation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A cancel from the broker stops a function running on the link runner's own thread (issue 11: the
 * runner runs its execution itself) as it stops one on a worker: the call ends with an
 * InterruptedException, the interrupt does not outlive it, and the sandbox serves the next run.
 */
class CallerThreadCancelledRunTest {

  @Test
  void aCancelStopsAFunctionRunningOnItsCallersThread() throws Exception {
    try (WasmSandbox sandbox = new WasmSandbox(new WasmModuleCache(), 1)) {
      LoadedModule loop = Samples.load(sandbox.modules(), "loop");
      SandboxLimits long30s = SandboxLimits.defaults().withDeadline(Duration.ofSeconds(30));
      Cancellation cancel = new Cancellation();
      CompletableFuture<String> ended = new CompletableFuture<>();
      CompletableFuture<Void> running = new CompletableFuture<>();
      java.util.concurrent.atomic.AtomicReference<Thread> self =
          new java.util.concurrent.atomic.AtomicReference<>();
      Thread runner =
          WasmSandbox.callerThreads("runner")
              .newThread(
                  () -> {
                    self.set(Thread.currentThread());
                    // As the agent's runner does: a cancel also stops the run on this thread.
                    assertTrue(cancel.interruptible(() -> WasmSandbox.stopRunOn(self.get())));
                    running.complete(null);
                    try {
                      sandbox.run(loop, new byte[0], long30s);
                      ended.complete("ran to its end");
                    } catch (InterruptedException e) {
                      ended.complete("stopped");
                    } finally {
                      cancel.uninterruptible();
                    }
                    if (Thread.currentThread().isInterrupted()) {
                      ended.complete("interrupt left behind");
                    }
                  });
      runner.start();
      running.get(10, TimeUnit.SECONDS);
      cancel.cancel();

      // Bounded only so a regression fails instead of hanging: the function would run 30 s.
      assertEquals("stopped", ended.get(20, TimeUnit.SECONDS));
      runner.join(5_000);
      assertEquals(0, sandbox.workersEverStarted(), "it ran on the runner itself");
      Execution next =
          sandbox.run(
              loop, new byte[0], SandboxLimits.defaults().withDeadline(Duration.ofMillis(50)));
      assertEquals(Execution.Status.FUNCTION_ERROR, next.status());
    }
  }
}
