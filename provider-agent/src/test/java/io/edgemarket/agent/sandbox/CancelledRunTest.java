package io.edgemarket.agent.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.agent.link.Cancellation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A cancel from the broker (issue 12, hedging) stops a function that would run for seconds: the
 * runner waits on the sandbox interruptibly, the sandbox stops the execution when interrupted, and
 * the interrupt does not outlive the wait. A run cancelled before it starts never waits at all.
 */
class CancelledRunTest {

  @Test
  void aCancelStopsAFunctionThatWouldRunUntilItsDeadline() throws Exception {
    try (WasmSandbox sandbox = new WasmSandbox(new WasmModuleCache(), 1)) {
      LoadedModule loop = Samples.load(sandbox.modules(), "loop");
      SandboxLimits long30s = SandboxLimits.defaults().withDeadline(Duration.ofSeconds(30));
      Cancellation cancel = new Cancellation();
      CompletableFuture<String> ended = new CompletableFuture<>();
      CompletableFuture<Void> waiting = new CompletableFuture<>();
      Thread runner =
          new Thread(
              () -> {
                assertTrue(cancel.interruptible());
                waiting.complete(null);
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
      long start = System.nanoTime();
      runner.start();
      waiting.get(10, TimeUnit.SECONDS);
      cancel.cancel();

      assertEquals("stopped", ended.get(10, TimeUnit.SECONDS));
      runner.join(5_000);
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "well before 30 s");
      assertTrue(cancel.cancelled());
      // The sandbox is free for the next run: the stopped one does not hold its worker.
      Execution next =
          sandbox.run(
              loop, new byte[0], SandboxLimits.defaults().withDeadline(Duration.ofMillis(50)));
      assertEquals(Execution.Status.FUNCTION_ERROR, next.status());
    }
  }

  @Test
  void aRunCancelledBeforeItStartsIsNeverMadeInterruptible() {
    Cancellation cancel = new Cancellation();
    cancel.cancel();
    assertFalse(cancel.interruptible());
    cancel.uninterruptible();
    assertFalse(Thread.interrupted(), "nothing interrupted the caller");
  }
}
