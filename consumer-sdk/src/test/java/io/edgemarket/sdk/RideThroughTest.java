package io.edgemarket.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.sdk.testing.FakeBroker;
import java.time.Duration;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

/**
 * A client rides through a broker that restarts: it sends the same signed ticket again while the
 * broker is unavailable, a retried id gets its first result, and an answer whose output the broker
 * no longer keeps is told apart from a forged one.
 */
class RideThroughTest extends ClientFixture {

  @Test
  void aRestartingBrokerIsAskedAgainWithTheSameTicket() throws Exception {
    deploy("upper");
    broker.invocations.unavailable.set(3);
    InvocationResult result = client.invoke("upper", utf8("abc"), InvokeOptions.defaults());
    assertArrayEquals(utf8("ABC"), result.output());
    assertEquals(4, broker.invocations.requests.size());
    assertEquals(1, broker.invocations.requests.stream().map(r -> r.ticket()).distinct().count());
  }

  @Test
  void aBrokerThatStaysDownIsReportedUnavailableByUrl() throws Exception {
    deploy("upper", Duration.ofMillis(500));
    client.invoke("upper", utf8("warm"), InvokeOptions.defaults()); // knows function and broker
    broker.close();
    long start = System.nanoTime();
    InvocationException e =
        assertThrows(
            InvocationException.class,
            () -> client.invoke("upper", utf8("abc"), InvokeOptions.defaults()));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(ErrorCodes.UNAVAILABLE, e.code());
    assertTrue(e.isUnreachable());
    assertTrue(e.getMessage().contains("broker unavailable at " + broker.uri()), e.getMessage());
    assertTrue(e.getMessage().contains("tried again"), e.getMessage());
    assertTrue(tookMillis >= 4_000, "retried up to the call's timeout: " + tookMillis + " ms");
  }

  @Test
  void aBrokerDownBeforeTheTicketIsSignedIsWaitedFor() throws Exception {
    deploy("upper");
    int port = broker.uri().getPort();
    broker.close();
    // A new client knows neither the function nor the broker's id: both are read from the broker
    // (the ledger relay, the health answer) before the ticket can be signed.
    try (EdgeMarket fresh = freshClient()) {
      FutureTask<FakeBroker> restarted =
          new FutureTask<>(
              () -> {
                Thread.sleep(800);
                return new FakeBroker(market, ledger, port);
              });
      new Thread(restarted, "broker-restart").start();
      InvocationResult result = fresh.invoke("upper", utf8("abc"), InvokeOptions.defaults());
      broker = restarted.get();
      assertArrayEquals(utf8("ABC"), result.output());
      assertEquals(1, broker.invocations.requests.size());
    }
  }

  @Test
  void aBrokerDownBeforeTheTicketIsSignedIsReportedUnavailableByUrl() throws Exception {
    deploy("upper");
    broker.close();
    try (EdgeMarket fresh = freshClient()) {
      long start = System.nanoTime();
      InvocationException e =
          assertThrows(
              InvocationException.class,
              () -> fresh.invoke("upper", utf8("abc"), InvokeOptions.defaults()));
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(ErrorCodes.UNAVAILABLE, e.code());
      assertTrue(e.isUnreachable());
      assertTrue(e.getMessage().startsWith("broker unavailable at " + broker.uri()), e::toString);
      assertTrue(e.getMessage().contains("tried again"), e.getMessage());
      assertTrue(tookMillis >= 4_000, "retried up to the call's timeout: " + tookMillis + " ms");
    }
  }

  private EdgeMarket freshClient() {
    return EdgeMarket.builder()
        .broker(broker.uri())
        .identity(market.consumer)
        .trustRoot(market.ca.certificate())
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void theSameChosenIdAndInputGetTheFirstResult() throws Exception {
    deploy("upper");
    InvokeOptions options = InvokeOptions.defaults().withInvocationId("order-17");
    InvocationResult first = client.invoke("upper", utf8("abc"), options);
    InvocationResult again = client.invoke("upper", utf8("abc"), options);
    assertEquals(first.receipt(), again.receipt());
    assertEquals(2, broker.invocations.requests.size());
    InvocationException other =
        assertThrows(InvocationException.class, () -> client.invoke("upper", utf8("xyz"), options));
    assertEquals(ErrorCodes.DUPLICATE, other.code(), "another input is another ticket");
  }

  @Test
  void anOutputNoLongerKeptIsNotAForgeryAndSettlementIsConfirmedByTheReceipt() throws Exception {
    deploy("upper");
    InvocationResult first = client.invoke("upper", utf8("abc"), InvokeOptions.defaults());
    broker.invocations.tamper = InvocationResult::withoutOutput;

    InvocationResult looked = client.invocation(first.invocationId());
    assertTrue(looked.outputDropped());
    assertNull(looked.output());
    broker.invocations.settleAll();
    Receipt settled = client.awaitSettled(first.invocationId(), Duration.ofSeconds(5));
    assertEquals(first.receipt(), settled);

    InvocationException gone =
        assertThrows(
            InvocationException.class,
            () -> client.invoke("upper", utf8("def"), InvokeOptions.defaults()));
    assertEquals(EdgeMarketException.OUTPUT_DROPPED, gone.code());

    // Claiming an output that does not match the receipt is still a forgery.
    broker.invocations.tamper =
        r ->
            new InvocationResult(
                r.invocationId(),
                r.status(),
                utf8("forged"),
                r.error(),
                r.receipt(),
                r.cost(),
                r.providerId(),
                r.settlement(),
                r.batchId());
    QueryException forged =
        assertThrows(QueryException.class, () -> client.invocation(first.invocationId()));
    assertEquals(EdgeMarketException.VERIFICATION_FAILED, forged.code());
  }

  private void deploy(String name, Duration functionTimeout) throws DeployException {
    client.deploy(
        name,
        WASM,
        DeployOptions.defaults().withMaxPricePerInvocation(5_000).withTimeout(functionTimeout));
  }
}
