package io.edgemarket.cli.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgemarket.cli.market.ClientLedger;
import io.edgemarket.cli.market.MarketDir;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records.Balance;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.EdgeMarket;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One demo session: deploy, invoke, wait for settlement, show balances, verify a receipt. */
public final class DemoRun {
  public static final int DEFAULT_INVOCATIONS = 200;
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);

  private final URI broker;
  private final MarketDir dir;
  private final PrintStream out;
  private final PrintStream err;

  public DemoRun(URI broker, MarketDir dir, PrintStream out, PrintStream err) {
    this.broker = broker;
    this.dir = dir;
    this.out = out;
    this.err = err;
  }

  /** Returns the process exit code: 0 when every step, the final verification included, held. */
  public int run(int invocations) throws Exception {
    Identity consumer = dir.identity("consumer");
    try (LedgerGateway consumerLedger = ClientLedger.open(dir, broker, consumer);
        EdgeMarket market =
            EdgeMarket.builder()
                .broker(broker)
                .identity(consumer)
                .trustRoots(dir.trustRoots())
                .ledger(consumerLedger)
                .build();
        LedgerGateway auditor = ClientLedger.open(dir, broker, dir.identity("auditor"))) {
      DemoWorkload workload = new DemoWorkload(market, err);
      workload.deploy();
      long started = System.nanoTime();
      List<DemoWorkload.Call> calls = workload.run(invocations);
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;
      printSamples(calls);
      out.printf("%d invocations in %d ms%n", calls.size(), elapsedMs);
      err.println("waiting for every receipt to settle on the ledger...");
      long cost = 0;
      for (DemoWorkload.Call call : calls) {
        market.awaitSettled(call.result().invocationId(), SETTLE_TIMEOUT);
        cost += call.result().cost();
      }
      out.printf("all %d receipts settled; the consumer paid %d in total%n", calls.size(), cost);
      printBalances(auditor);
      DemoWorkload.Call proof =
          calls.stream()
              .filter(c -> c.result().status() == InvocationResult.Status.OK)
              .findFirst()
              .orElseThrow();
      List<String> problems =
          new DemoReceiptProof(auditor, dir.trustRoots())
              .problems(proof.result().invocationId(), proof.result().output());
      if (!problems.isEmpty()) {
        out.println("receipt " + proof.result().invocationId() + " FAILED: " + problems);
        return 1;
      }
      out.println("receipt " + proof.result().invocationId() + " verified");
      return 0;
    }
  }

  private void printSamples(List<DemoWorkload.Call> calls) {
    Map<String, DemoWorkload.Call> firstOfEach = new TreeMap<>();
    calls.forEach(call -> firstOfEach.putIfAbsent(call.function(), call));
    for (DemoWorkload.Call call : firstOfEach.values()) {
      InvocationResult result = call.result();
      String shown =
          result.status() == InvocationResult.Status.OK
              ? new String(result.output(), StandardCharsets.UTF_8).strip().replace("\n", " | ")
              : result.status() + " (" + result.error() + ")";
      out.printf(
          "  %-9s %-40s -> %s   [cost %d, %s]%n",
          call.function(), quote(call.input()), shown, result.cost(), result.providerId());
    }
  }

  private void printBalances(LedgerGateway auditor) throws Exception {
    Page<Balance> page =
        Json.read(
            auditor.evaluate(Transactions.LIST_ACCOUNTS, "1000", ""),
            new TypeReference<Page<Balance>>() {});
    out.println("balances on the ledger:");
    long total = 0;
    for (Balance balance : page.records()) {
      out.printf("  %-32s %12d%n", balance.accountId(), balance.balance());
      total += balance.balance();
    }
    out.printf("  %-32s %12d  (double entry: always 0)%n", "total", total);
  }

  private static String quote(String input) {
    String oneLine = input.replace("\n", "\\n");
    return "\"" + (oneLine.length() > 38 ? oneLine.substring(0, 35) + "..." : oneLine) + "\"";
  }
}
