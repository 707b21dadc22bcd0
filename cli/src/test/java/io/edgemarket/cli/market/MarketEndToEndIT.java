package io.edgemarket.cli.market;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.cli.demo.DemoReceiptProof;
import io.edgemarket.model.Pricing;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records.ProvenReceipt;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.AuditReport;
import io.edgemarket.sdk.Auditor;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.InvokeOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core loop with every real part: embedded ledger running the real contracts, the broker and
 * two provider agents over real HTTP, Chicory sandboxes, the SDK. Money must add up exactly.
 */
class MarketEndToEndIT {
  @TempDir static Path dir;
  static MarketFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new MarketFixture(dir.resolve("market"), 2);
    byte[] echo = Files.readAllBytes(Path.of("../samples/wasm/echo.wasm"));
    byte[] upper = Files.readAllBytes(Path.of("../samples/wasm/upper.wasm"));
    fixture.consumer.deploy("echo", echo, DeployOptions.defaults());
    fixture.consumer.deploy("upper", upper, DeployOptions.defaults());
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void consumerPaysExactlyTheSumOfReceiptsAndMoneyIsConserved() throws Exception {
    String consumerId = fixture.consumer.identity().id();
    Map<String, Long> before = fixture.balances();
    long feeBps = 500;
    List<Receipt> receipts = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String function = i % 2 == 0 ? "echo" : "upper";
      String input = "edge payload " + i;
      InvocationResult result =
          fixture.consumer.invoke(
              function, input.getBytes(StandardCharsets.UTF_8), InvokeOptions.defaults());
      assertEquals(InvocationResult.Status.OK, result.status());
      String expected = function.equals("echo") ? input : input.toUpperCase();
      assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), result.output());
      assertEquals(result.receipt().amount(), result.cost());
      receipts.add(result.receipt());
    }
    for (Receipt receipt : receipts) {
      fixture.consumer.awaitSettled(receipt.invocationId(), Duration.ofSeconds(60));
    }
    Map<String, Long> after = fixture.balances();

    long paid = receipts.stream().mapToLong(Receipt::amount).sum();
    assertEquals(before.getOrDefault(consumerId, 0L) - paid, after.get(consumerId));
    long fees = receipts.stream().mapToLong(r -> Pricing.brokerFee(r.amount(), (int) feeBps)).sum();
    String brokerId = fixture.identity("broker").id();
    assertEquals(before.getOrDefault(brokerId, 0L) + fees, after.get(brokerId));
    for (String provider : receipts.stream().map(Receipt::providerId).distinct().toList()) {
      long earned =
          receipts.stream()
              .filter(r -> r.providerId().equals(provider))
              .mapToLong(r -> r.amount() - Pricing.brokerFee(r.amount(), (int) feeBps))
              .sum();
      assertEquals(before.getOrDefault(provider, 0L) + earned, after.get(provider), provider);
    }
    assertEquals(0L, after.values().stream().mapToLong(Long::longValue).sum(), "conservation");

    try (Auditor auditor =
        Auditor.builder()
            .broker(fixture.market.brokerUrl())
            .identity(fixture.identity("auditor"))
            .trustRoot(fixture.market.dir().trustRoot())
            .build()) {
      AuditReport report = auditor.audit(line -> {});
      assertTrue(report.ok(), report.toString());
      assertTrue(report.receiptsChecked() >= receipts.size(), report.toString());
    }
  }

  @Test
  void aSettledReceiptIsProvableFromTheLedgerAlone() throws Exception {
    byte[] input = "prove me".getBytes(StandardCharsets.UTF_8);
    InvocationResult result = fixture.consumer.invoke("upper", input, InvokeOptions.defaults());
    fixture.consumer.awaitSettled(result.invocationId(), Duration.ofSeconds(60));
    assertEquals(
        List.of(),
        new DemoReceiptProof(fixture.auditor).problems(result.invocationId(), result.output()));
    assertTrue(
        !new DemoReceiptProof(fixture.auditor)
            .problems(result.invocationId(), "tampered".getBytes(StandardCharsets.UTF_8))
            .isEmpty());
    ProvenReceipt proven =
        Json.read(
            fixture.auditor.evaluate(Transactions.GET_RECEIPT, result.invocationId()),
            ProvenReceipt.class);
    assertEquals(result.receipt(), proven.receipt());
  }
}
