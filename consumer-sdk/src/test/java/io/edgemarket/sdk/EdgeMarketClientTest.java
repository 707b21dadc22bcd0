package io.edgemarket.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.testing.FakeInvocations;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Deploy, invoke (sync and async), balances and settlement through a fake broker. */
class EdgeMarketClientTest extends ClientFixture {

  @Test
  void deployUploadsThenRegisters() throws Exception {
    FunctionSpec spec =
        client.deploy(
            "echo",
            WASM,
            DeployOptions.defaults()
                .withTrustLevel(TrustLevel.REEXECUTE)
                .withTimeout(Duration.ofMillis(1500))
                .withMaxFuel(70_000));
    assertEquals(market.consumer.id() + "/echo", spec.functionId());
    assertEquals(Crypto.sha256Hex(WASM), spec.digest());
    assertEquals(TrustLevel.REEXECUTE, spec.trustLevel());
    assertEquals(1500, spec.timeoutMs());
    assertEquals(70_000L, spec.maxFuel(), "the registered spec carries the fuel limit");
    assertEquals(64L << 20, spec.memoryLimitBytes());
    assertArrayEquals(WASM, broker.invocations.blobs.get(spec.digest()));
  }

  @Test
  void deployRegistersAnUnknownConsumerFirst() throws Exception {
    ledger.participant(market.consumer.id()); // registered in the fixture; start afresh
    var fresh = new io.edgemarket.sdk.testing.FakeLedger();
    fresh.register(market.broker);
    try (var other = new io.edgemarket.sdk.testing.FakeBroker(market, fresh);
        EdgeMarket c = EdgeMarket.builder().broker(other.uri()).identity(market.consumer).build()) {
      assertEquals(
          market.consumer.id() + "/f", c.deploy("f", WASM, DeployOptions.defaults()).functionId());
      assertTrue(fresh.participant(market.consumer.id()) != null);
    }
  }

  @Test
  void invokeReturnsExactlyTheVerifiedOutput() throws Exception {
    FunctionSpec spec = deploy("upper");
    InvocationResult result = client.invoke("upper", utf8("héllo"), InvokeOptions.defaults());
    assertEquals(InvocationResult.Status.OK, result.status());
    assertArrayEquals(utf8("HÉLLO"), result.output());
    assertEquals(result.receipt().amount(), result.cost());
    var ticket = broker.invocations.requests.get(0).ticket();
    assertEquals(spec.maxPricePerInvocation(), ticket.maxPrice());
    assertEquals(spec.digest(), ticket.functionDigest());
    assertTrue(ticket.expiresAt() >= ticket.issuedAt() + spec.timeoutMs() + 60_000);
  }

  @Test
  void functionSpecIsReadOnceAndMaxPriceOverrides() throws Exception {
    deploy("echo");
    client.invoke("echo", utf8("a"), InvokeOptions.defaults());
    client.invoke(
        market.consumer.id() + "/echo", utf8("b"), InvokeOptions.defaults().withMaxPrice(77_777));
    assertEquals(0, ledger.calls.stream().filter(Transactions.GET_FUNCTION::equals).count());
    assertEquals(77_777, broker.invocations.requests.get(1).ticket().maxPrice());
  }

  @Test
  void functionErrorIsAResultNotAnException() throws Exception {
    deploy("fail");
    InvocationResult result = client.invoke("fail", utf8("x"), InvokeOptions.defaults());
    assertEquals(InvocationResult.Status.FUNCTION_ERROR, result.status());
    assertEquals("function trapped: boom", result.error());
    assertTrue(result.cost() > 0);
  }

  @Test
  void failedInvocationThrows() throws Exception {
    deploy("unavailable");
    InvocationException e =
        assertThrows(
            InvocationException.class,
            () -> client.invoke("unavailable", utf8("x"), InvokeOptions.defaults()));
    assertEquals(ErrorCodes.UNAVAILABLE, e.code());
  }

  @Test
  void refusalCarriesCodeStatusAndId() throws Exception {
    deploy("echo");
    broker.invocations.refusal =
        FakeInvocations.error(402, ErrorCodes.INSUFFICIENT_FUNDS, "escrow too low");
    InvocationException e =
        assertThrows(
            InvocationException.class,
            () ->
                client.invoke(
                    "echo", utf8("x"), InvokeOptions.defaults().withInvocationId("inv-9")));
    assertEquals(ErrorCodes.INSUFFICIENT_FUNDS, e.code());
    assertEquals(402, e.httpStatus());
    assertEquals("inv-9", e.id());
    assertTrue(e.getMessage().contains("escrow too low"), e.getMessage());
  }

  @Test
  void unknownFunctionIsNotFound() {
    InvocationException e =
        assertThrows(
            InvocationException.class,
            () -> client.invoke("nope", utf8("x"), InvokeOptions.defaults()));
    assertEquals(ErrorCodes.NOT_FOUND, e.code());
  }

  @Test
  void asyncPollsUntilDone() throws Exception {
    deploy("upper");
    broker.invocations.polls = 3;
    InvocationResult result =
        client.invokeAsync("upper", utf8("abc"), InvokeOptions.defaults()).get();
    assertArrayEquals(utf8("ABC"), result.output());
    InvocationResult again = client.invocation(result.invocationId());
    assertEquals(result.receipt(), again.receipt());
    assertArrayEquals(result.output(), again.output());
  }

  @Test
  void asyncFailureCompletesExceptionally() throws Exception {
    deploy("unavailable");
    var future = client.invokeAsync("unavailable", utf8("x"), InvokeOptions.defaults());
    CompletionException e = assertThrows(CompletionException.class, future::join);
    assertInstanceOf(InvocationException.class, e.getCause());
  }

  @Test
  void balanceAndSettlement() throws Exception {
    deploy("echo");
    assertEquals(1_000_000, client.balance());
    InvocationResult result = client.invoke("echo", utf8("pay me"), InvokeOptions.defaults());
    SettlementException pending =
        assertThrows(
            SettlementException.class,
            () -> client.awaitSettled(result.invocationId(), Duration.ofMillis(100)));
    assertEquals(EdgeMarketException.TIMEOUT, pending.code());
    broker.invocations.settleAll();
    Receipt settled = client.awaitSettled(result.invocationId(), Duration.ofSeconds(5));
    assertEquals(result.receipt(), settled);
    assertEquals(1_000_000 - settled.amount(), client.balance());
  }

  @Test
  void settlementOfAnotherReceiptIsNotAccepted() throws Exception {
    deploy("echo");
    InvocationResult result = client.invoke("echo", utf8("x"), InvokeOptions.defaults());
    broker.invocations.settleAll();
    ledger.books.receipts.get(result.invocationId()).withObject("/receipt").put("sequence", 999);
    SettlementException e =
        assertThrows(
            SettlementException.class,
            () -> client.awaitSettled(result.invocationId(), Duration.ofSeconds(2)));
    assertEquals(EdgeMarketException.VERIFICATION_FAILED, e.code());
  }

  @Test
  void rejectedSettlementChargesNothing() throws Exception {
    deploy("echo");
    InvocationResult result = client.invoke("echo", utf8("x"), InvokeOptions.defaults());
    broker.invocations.reject(result.invocationId());
    assertEquals(0, client.invocation(result.invocationId()).cost());
    SettlementException e =
        assertThrows(
            SettlementException.class,
            () -> client.awaitSettled(result.invocationId(), Duration.ofSeconds(2)));
    assertEquals(InvocationResult.Settlement.REJECTED.name(), e.code());
  }
}
