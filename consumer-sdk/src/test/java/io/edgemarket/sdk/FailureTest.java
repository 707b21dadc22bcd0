package io.edgemarket.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.ledger.ErrorCodes;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Every phase's exception carries the facts it was given, each under its own name. */
class FailureTest {
  @Test
  void factsAreSetByNameAndReadBackFromTheException() {
    IOException cause = new IOException("reset");
    Failure failure =
        Failure.of(ErrorCodes.NOT_FOUND).httpStatus(404).id("inv-1").transactionId("tx");
    EdgeMarketException e = new QueryException(failure, "no invocation inv-1", cause);
    assertEquals(ErrorCodes.NOT_FOUND, e.code());
    assertEquals(404, e.httpStatus());
    assertEquals("inv-1", e.id());
    assertEquals("tx", e.transactionId());
    assertEquals(failure, e.failure());
    assertSame(cause, e.getCause());
    assertEquals("no invocation inv-1", e.getMessage());
  }

  @Test
  void aFailureWithoutAnAnswerIsUnreachableWhenUnavailable() {
    Failure failure = Failure.of(ErrorCodes.UNAVAILABLE).id("echo");
    assertTrue(new DeployException(failure, "broker down", null).isUnreachable());
    assertNull(failure.transactionId());
    assertEquals(0, failure.httpStatus());
    assertEquals(false, new DeployException(failure.httpStatus(503), "busy", null).isUnreachable());
  }

  @Test
  void everyFailureHasACode() {
    assertThrows(NullPointerException.class, () -> Failure.of(null));
  }
}
