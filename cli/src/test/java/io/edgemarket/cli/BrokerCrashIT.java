package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.cli.market.MarketDir;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.EdgeMarketException;
import io.edgemarket.sdk.InvocationException;
import io.edgemarket.sdk.InvokeOptions;
import io.edgemarket.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
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
  private static final Duration LOAD = Duration.ofSeconds(4);
  private static final Duration SETTLE = Duration.ofSeconds(90);

  @TempDir Path dir;
  private final List<MarketProcess> processes = new ArrayList<>();

  /** What a caller was told about one invocation. */
  private record Told(
      String id, byte[] input, InvocationResult result, boolean beforeCrash, boolean crossed) {}

  @AfterEach
  void stopAll() {
    processes.forEach(MarketProcess::stop);
  }

  @Test
  void aBrokerKilledUnderLoadLosesNoAnswerAndChargesOnce() throws Exception {
    Path data = dir.resolve("market");
    int port = MarketProcess.freePort();
    String broker = "http://127.0.0.1:" + port;
    MarketProcess first = startBroker(data, port, "broker-1");
    first.awaitHealthy(broker, Duration.ofSeconds(180));
    for (int i = 1; i <= AGENTS; i++) {
      startAgent(data, broker, "crash-provider-" + i);
    }
    MarketDir market = new MarketDir(data);
    try (EdgeMarket consumer =
        EdgeMarket.builder()
            .broker(java.net.URI.create(broker))
            .identity(market.identity("consumer"))
            .trustRoot(market.trustRoot())
            .timeout(Duration.ofSeconds(30))
            .build()) {
      consumer.deploy(
          "echo",
          Files.readAllBytes(Path.of("../samples/wasm/echo.wasm")),
          DeployOptions.defaults());
      MarketProcess.awaitProviders(broker, AGENTS, Duration.ofSeconds(120));
      long before = consumer.balance();

      Map<String, byte[]> attempted = new ConcurrentHashMap<>();
      ConcurrentLinkedQueue<Told> told = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<InvocationException> failures = new ConcurrentLinkedQueue<>();
      AtomicBoolean crashed = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> callers = new ArrayList<>();
      for (int c = 0; c < CALLERS; c++) {
        int caller = c;
        Thread thread =
            new Thread(
                () -> {
                  for (int n = 0; !stop.get(); n++) {
                    String id = "caller-" + caller + "-" + n;
                    byte[] input = bytes("caller " + caller + " call " + n);
                    attempted.put(id, input);
                    boolean startedBefore = !crashed.get();
                    try {
                      InvocationResult r =
                          consumer.invoke(
                              "echo", input, InvokeOptions.defaults().withInvocationId(id));
                      boolean answeredAfter = crashed.get();
                      told.add(
                          new Told(
                              id,
                              input,
                              r,
                              startedBefore && !answeredAfter,
                              startedBefore && answeredAfter));
                    } catch (InvocationException e) {
                      failures.add(e);
                    }
                  }
                },
                "caller-" + c);
        callers.add(thread);
        thread.start();
      }
      // Load until the callers have been answered a fair number of times, then crash.
      Await.until("answers before the crash", LOAD.multipliedBy(15), () -> told.size() >= 40);
      crashed.set(true);
      first.kill();
      long killedAt = System.nanoTime();
      int answeredBefore = (int) told.stream().filter(Told::beforeCrash).count();
      Thread.sleep(1_000); // callers now meet a closed port and keep trying
      MarketProcess second = startBroker(data, port, "broker-2");
      second.awaitHealthy(broker, Duration.ofSeconds(180));
      long healthyAt = System.nanoTime();
      MarketProcess.awaitProviders(broker, AGENTS, Duration.ofSeconds(120));
      long attachedAt = System.nanoTime();
      System.out.printf(
          "broker killed after %d answers; healthy again %d ms after SIGKILL, %d agents back after"
              + " %d ms%n",
          answeredBefore,
          (healthyAt - killedAt) / 1_000_000,
          AGENTS,
          (attachedAt - killedAt) / 1_000_000);
      int beforeRestart = told.size();
      Await.until(
          "answers after the restart",
          LOAD.multipliedBy(15),
          () -> told.size() >= beforeRestart + 40);
      stop.set(true);
      for (Thread thread : callers) {
        thread.join(120_000);
        assertFalse(thread.isAlive(), thread.getName() + " is stuck");
      }

      assertTrue(answeredBefore > 0, "load ran before the crash");
      assertTrue(
          told.stream().anyMatch(Told::crossed),
          "some call in flight at the crash rode through it: " + failures);
      for (InvocationException e : failures) {
        // A failure is told as the broker being unavailable (or a timeout), never a bare transport
        // exception; what it names is retried below and must not have been charged twice.
        assertTrue(
            e.code().equals("UNAVAILABLE") || e.code().equals(EdgeMarketException.TIMEOUT),
            () -> e + " (all failures: " + failures + ")");
        assertFalse(e.getMessage().contains("ClosedChannelException"), e::getMessage);
      }
      // Every call is retried with its id and input: a call that ran gets its first result.
      Map<String, Told> byId = new ConcurrentHashMap<>();
      told.forEach(t -> byId.put(t.id(), t));
      for (Map.Entry<String, byte[]> call : attempted.entrySet()) {
        InvocationResult again =
            consumer.invoke(
                "echo", call.getValue(), InvokeOptions.defaults().withInvocationId(call.getKey()));
        Told first1 = byId.get(call.getKey());
        if (first1 != null) {
          assertEquals(
              first1.result().receipt(), again.receipt(), "first result of " + first1.id());
        } else {
          byId.put(call.getKey(), new Told(call.getKey(), call.getValue(), again, false, false));
        }
        assertArrayEquals(call.getValue(), again.output(), "echo of " + call.getKey());
      }
      long charged = 0;
      for (Told t : byId.values()) {
        Receipt settled = consumer.awaitSettled(t.id(), SETTLE);
        assertEquals(t.result().receipt(), settled, "settled receipt of " + t.id());
        charged += t.result().cost();
      }
      assertEquals(before - charged, consumer.balance(), "charged once for each invocation");
      System.out.printf(
          "%d invocations (%d answered before the crash, %d calls failed and were retried)%n",
          byId.size(), answeredBefore, failures.size());
    }
    Cli audit = Cli.run("audit", "--broker", broker, "--data", data.toString());
    assertEquals(0, audit.exitCode(), audit::toString);
  }

  private MarketProcess startBroker(Path data, int port, String name) throws Exception {
    MarketProcess process =
        MarketProcess.start(
            dir.resolve(name + ".log"),
            "up",
            "--providers",
            "0",
            "--containers",
            "off",
            "--port",
            Integer.toString(port),
            "--data",
            data.toString());
    processes.add(process);
    return process;
  }

  /** An agent enrolled with a token, in its own process and directory, as a contributor runs it. */
  private void startAgent(Path data, String broker, String name) throws Exception {
    Path home = dir.resolve(name);
    Cli token =
        Cli.run(
            "identity",
            "token",
            "--role",
            "provider",
            "--name",
            name,
            "--broker",
            broker,
            "--data",
            data.toString());
    assertEquals(0, token.exitCode(), token::toString);
    Cli enroll =
        Cli.run(
            "identity",
            "enroll",
            "--broker",
            broker,
            "--token",
            token.out().strip(),
            "--data",
            home.toString());
    assertEquals(0, enroll.exitCode(), enroll::toString);
    processes.add(
        MarketProcess.start(
            dir.resolve(name + ".log"),
            "provider",
            "start",
            "--as",
            name,
            "--price",
            "10",
            "--price-per-mfuel",
            "1",
            "--memory",
            "256MiB",
            "--cpu",
            "1",
            "--containers",
            "off",
            "--broker",
            broker,
            "--data",
            home.toString()));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
