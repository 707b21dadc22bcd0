package io.edgemarket.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.ledger.ErrorCodes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a broker's 429 is back-pressure, not a failure: the client waits its Retry-After and
 * sends the same signed ticket again, within the call's timeout; past it, or when told not to wait,
 * the call fails with the broker's code.
 */
class BackPressureTest extends ClientFixture {

  @Test
  void aThrottledCallWaitsRetryAfterAndSendsTheSameTicketAgain() throws Exception {
    deploy("upper");
    broker.invocations.throttled.set(2);
    long start = System.nanoTime();
    InvocationResult result = client.invoke("upper", utf8("abc"), InvokeOptions.defaults());
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertArrayEquals(utf8("ABC"), result.output());
    assertEquals(3, broker.invocations.requests.size());
    assertEquals(1, broker.invocations.requests.stream().map(r -> r.ticket()).distinct().count());
    assertTrue(tookMillis >= 2_000, "waited Retry-After (1 s) twice: " + tookMillis + " ms");
  }

  @Test
  void pastTheCallsTimeoutItFailsWithTheBrokersCodeNotATransportError() throws Exception {
    client.deploy(
        "upper",
        WASM,
        DeployOptions.defaults()
            .withMaxPricePerInvocation(5_000)
            .withTimeout(Duration.ofMillis(500)));
    broker.invocations.throttled.set(Integer.MAX_VALUE);
    long start = System.nanoTime();
    InvocationException e =
        assertThrows(
            InvocationException.class,
            () -> client.invoke("upper", utf8("abc"), InvokeOptions.defaults()));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(ErrorCodes.TOO_MANY_IN_FLIGHT, e.code());
    assertEquals(429, e.httpStatus());
    assertFalse(e.isUnreachable());
    assertNull(e.getCause());
    assertTrue(e.getMessage().contains("until the call's timeout"), e.getMessage());
    assertTrue(tookMillis >= 3_500 && tookMillis < 6_500, "within 5.5 s: " + tookMillis + " ms");
    assertTrue(broker.invocations.requests.size() >= 4, "sent again after each Retry-After");
    assertEquals(1, broker.invocations.requests.stream().map(r -> r.ticket()).distinct().count());
  }

  @Test
  void aCallThatMustNotWaitFailsAtOnce() throws Exception {
    deploy("upper");
    broker.invocations.throttled.set(1);
    InvocationException e =
        assertThrows(
            InvocationException.class,
            () ->
                client.invoke(
                    "upper", utf8("abc"), InvokeOptions.defaults().withWaitWhenThrottled(false)));
    assertEquals(ErrorCodes.TOO_MANY_IN_FLIGHT, e.code());
    assertEquals(429, e.httpStatus());
    assertEquals(1, broker.invocations.requests.size());
  }

  @Test
  void retryAfterIsReadAsSecondsOrAnHttpDate() {
    assertEquals(Duration.ofSeconds(3), BrokerHttp.retryAfter(" 3 ", 0));
    assertEquals(
        Duration.ofSeconds(2), BrokerHttp.retryAfter("Thu, 01 Jan 1970 00:00:12 GMT", 10_000));
    assertNull(BrokerHttp.retryAfter("soon", 0));
    assertNull(BrokerHttp.retryAfter(null, 0));
    for (int i = 0; i < 100; i++) {
      long pause = BrokerHttp.backOff(Duration.ofSeconds(1));
      assertTrue(pause >= 1_000 && pause <= 1_250, "Retry-After and up to a quarter: " + pause);
    }
    assertTrue(BrokerHttp.backOff(null) >= 1_000, "1 s without advice");
    assertTrue(BrokerHttp.backOff(Duration.ZERO) >= 100, "never a tight loop");
  }
}
