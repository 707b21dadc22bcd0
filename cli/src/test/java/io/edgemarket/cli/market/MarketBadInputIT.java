package io.edgemarket.cli.market;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records.ProvenReceipt;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.DeployException;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvocationException;
import io.edgemarket.sdk.InvokeOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and mistaken input against the whole market: each ends in a clear error, moves no money
 * wrongly, and leaves the market serving. Function errors are paid for exactly their metered usage;
 * refused calls and forged or replayed receipts move nothing.
 */
class MarketBadInputIT {
  @TempDir static Path dir;
  static MarketFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new MarketFixture(dir.resolve("market"), 2);
    for (String name : List.of("echo", "membomb", "recurse", "bigoutput")) {
      fixture.consumer.deploy(name, sample(name), DeployOptions.defaults());
    }
    fixture.consumer.deploy(
        "loop", sample("loop"), DeployOptions.defaults().withTimeout(Duration.ofMillis(300)));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static byte[] sample(String name) throws Exception {
    return Files.readAllBytes(Path.of("../samples/wasm/" + name + ".wasm"));
  }

  /**
   * Whatever a case did, the market still runs and settles a plain invocation afterwards; waiting
   * for that settlement also leaves no payment in flight to blur the next case's balances.
   */
  @AfterEach
  void marketKeepsServing() throws Exception {
    byte[] input = "still here".getBytes(StandardCharsets.UTF_8);
    InvocationResult result = fixture.consumer.invoke("echo", input, InvokeOptions.defaults());
    assertArrayEquals(input, result.output());
    fixture.consumer.awaitSettled(result.invocationId(), Duration.ofSeconds(60));
  }

  @Test
  void unknownFunctionIsRefusedAndCostsNothing() throws Exception {
    Map<String, Long> before = fixture.balances();
    var error =
        assertThrows(
            InvocationException.class,
            () -> fixture.consumer.invoke("nope", new byte[] {1}, InvokeOptions.defaults()));
    assertEquals(ErrorCodes.NOT_FOUND, error.code(), error.getMessage());
    assertEquals(before, fixture.balances());
  }

  @Test
  void malformedWasmIsRefusedAtDeploy() {
    byte[] garbage = "\0asm this is not a module".getBytes(StandardCharsets.UTF_8);
    var error =
        assertThrows(
            DeployException.class,
            () -> fixture.consumer.deploy("broken", garbage, DeployOptions.defaults()));
    assertEquals(ErrorCodes.BAD_REQUEST, error.code(), error.getMessage());
  }

  @Test
  void invocationBeyondEscrowIsRefusedBeforeAnyWork() throws Exception {
    var ca = fixture.market.dir().authority();
    var poor = fixture.market.dir().ensureIdentity(ca, "poor-consumer", Role.CONSUMER);
    try (LedgerGateway self = fixture.gateway("poor-consumer");
        LedgerGateway admin = fixture.gateway("admin")) {
      self.submit(Transactions.REGISTER_PARTICIPANT);
      admin.submit(Transactions.CREDIT_ESCROW, poor.id(), "5", "tiny escrow");
    }
    try (EdgeMarket client =
        EdgeMarket.builder().broker(fixture.market.brokerUrl()).identity(poor).build()) {
      client.deploy("echo", sample("echo"), DeployOptions.defaults());
      Map<String, Long> before = fixture.balances();
      var error =
          assertThrows(
              InvocationException.class,
              () -> client.invoke("echo", new byte[] {1}, InvokeOptions.defaults()));
      assertEquals(ErrorCodes.INSUFFICIENT_FUNDS, error.code(), error.getMessage());
      assertEquals(before, fixture.balances());
    }
  }

  @Test
  void runawayFunctionsEndInFunctionErrorsPaidForExactlyTheirUsage() throws Exception {
    for (String name : List.of("loop", "membomb", "recurse", "bigoutput")) {
      long before = fixture.balance(fixture.consumer.identity().id());
      InvocationResult result =
          fixture.consumer.invoke(name, new byte[0], InvokeOptions.defaults());
      assertEquals(InvocationResult.Status.FUNCTION_ERROR, result.status(), name);
      assertTrue(result.error() != null && !result.error().isBlank(), name);
      Receipt receipt =
          fixture.consumer.awaitSettled(result.invocationId(), Duration.ofSeconds(60));
      assertEquals(Receipt.FUNCTION_ERROR, receipt.status(), name);
      assertEquals(
          before - receipt.amount(), fixture.balance(fixture.consumer.identity().id()), name);
    }
  }

  @Test
  void forgedAndReplayedReceiptsAreRejectedAndMoveNoMoney() throws Exception {
    InvocationResult paid =
        fixture.consumer.invoke(
            "echo", "once".getBytes(StandardCharsets.UTF_8), InvokeOptions.defaults());
    fixture.consumer.awaitSettled(paid.invocationId(), Duration.ofSeconds(60));
    Receipt settled =
        Json.read(
                fixture.auditor.evaluate(Transactions.GET_RECEIPT, paid.invocationId()),
                ProvenReceipt.class)
            .receipt();
    Map<String, Long> before = fixture.balances();
    try (LedgerGateway broker = fixture.gateway("broker")) {
      String replay =
          broker.submit(
              Transactions.SETTLE_BATCH,
              Json.write(SettlementBatch.of(UUID.randomUUID().toString(), List.of(settled))));
      assertTrue(replay.contains(ErrorCodes.DUPLICATE), replay);

      // A receipt for a ticket the consumer really signed, "signed" by someone who is not the
      // provider it names: the chaincode must refuse to pay it.
      var ticket =
          io.edgemarket.model.InvocationTicket.issue(
              fixture.consumer.identity(),
              UUID.randomUUID().toString(),
              settled.ticket().brokerId(),
              settled.ticket().functionId(),
              settled.ticket().functionDigest(),
              new byte[] {7},
              1_000,
              System.currentTimeMillis(),
              System.currentTimeMillis() + 60_000);
      Receipt bySomeoneElse =
          Receipt.sign(
              fixture.identity("consumer"),
              ticket,
              io.edgemarket.model.Assignment.sign(
                  fixture.identity("broker"),
                  ticket,
                  settled.providerId(),
                  settled.offerId(),
                  System.currentTimeMillis()),
              new byte[] {7},
              Receipt.OK,
              settled.usage(),
              settled.pricePerInvocation(),
              settled.pricePerMegaFuel(),
              settled.startedAt(),
              settled.finishedAt(),
              1);
      Receipt forged =
          new Receipt(
              ticket,
              bySomeoneElse.assignment(),
              settled.providerId(),
              settled.offerId(),
              bySomeoneElse.outputDigest(),
              Receipt.OK,
              settled.usage(),
              settled.pricePerInvocation(),
              settled.pricePerMegaFuel(),
              bySomeoneElse.amount(),
              settled.startedAt(),
              settled.finishedAt(),
              1,
              bySomeoneElse.signature());
      String forgedAnswer =
          broker.submit(
              Transactions.SETTLE_BATCH,
              Json.write(SettlementBatch.of(UUID.randomUUID().toString(), List.of(forged))));
      assertTrue(forgedAnswer.contains(ErrorCodes.BAD_SIGNATURE), forgedAnswer);
    }
    assertEquals(before, fixture.balances());
  }
}
