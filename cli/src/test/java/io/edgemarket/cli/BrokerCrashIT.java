package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.agent.Faults;
import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.EdgeMarketException;
import io.edgemarket.sdk.InvocationException;
import io.edgemarket.sdk.InvokeOptions;
import io.edgemarket.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the broker's process is killed with SIGKILL under load from several callers and started
 * again on the same data directory, while the provider agents run on in their own processes. Every
 * invocation answered before the crash is confirmed settled from the ledger, callers that retried
 * with their invocation id get their first result, the consumer is charged exactly once for each,
 * and the audit passes. How long the market takes to be healthy again is printed, not asserted.
 */
class BrokerCrashIT {
  private static final int CALLERS = 4;
  private static final int AGENTS = 2;
  private static final Duration LOAD = Duration.ofSeconds(60);
  private static final Duration SETTLE = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void aBrokerKilledUnderLoadLosesNoAnswerAndChargesOnce() throws Exception {
    try (CrashMarket market = new CrashMarket(dir, "embedded")) {
      market.startBroker();
      market.startAgents(AGENTS, "crash-provider");
      try (EdgeMarket consumer = market.consumer()) {
        CrashMarket.deployEcho(consumer);
        market.awaitProviders(AGENTS);
        long before = consumer.balance();
        CallerLoad load = CallerLoad.start(consumer, "echo", CALLERS);
        // Load until the callers have been answered a fair number of times, then crash.
        load.awaitAnswers(40, LOAD);
        load.fault();
        market.killBroker();
        long killedAt = System.nanoTime();
        Thread.sleep(1_000); // callers now meet a closed port and keep trying
        market.startBroker();
        long healthyAt = System.nanoTime();
        market.awaitProviders(AGENTS);
        long attachedAt = System.nanoTime();
        System.out.printf(
            "broker killed after %d answers; healthy again %d ms after SIGKILL, %d agents back"
                + " after %d ms%n",
            load.answeredBeforeFault(),
            (healthyAt - killedAt) / 1_000_000,
            AGENTS,
            (attachedAt - killedAt) / 1_000_000);
        load.awaitAnswers(40, LOAD);
        load.stop();

        assertTrue(load.answeredBeforeFault() > 0, "load ran before the crash");
        assertTrue(
            load.someCallCrossedTheFault(),
            "some call in flight at the crash rode through it: " + load.failures());
        // A failure is told as the broker being unavailable (or a timeout), never a bare
        // transport exception; what it names is retried and must not have been charged twice.
        CallerLoad.Summary summary =
            load.verify(before, SETTLE, Set.of("UNAVAILABLE", EdgeMarketException.TIMEOUT));
        System.out.printf(
            "%d invocations (%d answered before the crash, %d calls failed and were retried)%n",
            summary.invocations(), summary.answeredBefore(), summary.failures());
      }
      market.assertAuditPasses();
    }
  }

  /**
   * The run a killed broker never heard the end of: the agent signed its receipt and held the
   * answer (as one on the wire would be) while the broker was killed. The restarted broker collects
   * the receipt with the output the agent kept beside it, so the consumer asking again with the
   * invocation's id gets that output, is charged once for it, and the run is not repeated.
   */
  @Test
  void aRunWhoseAnswerTheKilledBrokerNeverHeardIsAnsweredWithItsOutput() throws Exception {
    try (CrashMarket market = new CrashMarket(dir, "embedded")) {
      market.startBroker();
      ProviderAgent agent =
          market.startAgentInProcess(
              "holding-provider", b -> b.faults(Faults.holdAnswers(Duration.ofSeconds(6))));
      try (agent;
          EdgeMarket consumer = market.consumer();
          EdgeMarket hasty = market.consumer(Duration.ofSeconds(3))) {
        CrashMarket.deployEcho(consumer);
        market.awaitProviders(1);
        long before = consumer.balance();
        String id = "held-" + UUID.randomUUID();
        byte[] input = "answered after the crash".getBytes(StandardCharsets.UTF_8);
        InvokeOptions options = InvokeOptions.defaults().withInvocationId(id);
        CompletableFuture<InvocationResult> first =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return hasty.invoke("echo", input, options);
                  } catch (InvocationException e) {
                    throw new CompletionException(e);
                  }
                });
        Await.until("the run signed, its answer held", () -> journaled(agent) == 1);
        market.killBroker();
        // The broker stays down until the first call has given up, so that only the re-collected
        // receipt can answer the second.
        ExecutionException gaveUp =
            assertThrows(ExecutionException.class, () -> first.get(60, TimeUnit.SECONDS));
        InvocationException why = (InvocationException) gaveUp.getCause();
        assertTrue(
            Set.of(ErrorCodes.UNAVAILABLE, EdgeMarketException.TIMEOUT).contains(why.code()),
            why::toString);

        market.startBroker();
        Await.until("the receipt re-collected", () -> journaled(agent) == 0);
        // The same client sends the same signed ticket again; any client may look the result up.
        InvocationResult again = hasty.invoke("echo", input, options);
        assertArrayEquals(input, again.output(), "the output the agent kept");
        assertArrayEquals(input, consumer.invocation(id).output(), "looked up by id");
        assertEquals(1, again.receipt().sequence(), "the held run's receipt: nothing ran again");
        Receipt settled = consumer.awaitSettled(id, Duration.ofSeconds(90));
        assertEquals(again.receipt(), settled);
        assertEquals(before - again.cost(), consumer.balance(), "charged once");
      }
      market.assertAuditPasses();
    }
  }

  private static int journaled(ProviderAgent agent) {
    try {
      var method = ProviderAgent.class.getDeclaredMethod("journaledReceipts");
      method.setAccessible(true);
      return (int) method.invoke(agent);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
