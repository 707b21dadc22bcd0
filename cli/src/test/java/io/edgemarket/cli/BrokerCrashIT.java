package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.EdgeMarketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
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
}
