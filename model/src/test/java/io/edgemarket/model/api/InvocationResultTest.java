package io.edgemarket.model.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.api.InvocationResult.Settlement;
import io.edgemarket.model.api.InvocationResult.Status;
import io.edgemarket.model.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InvocationResultTest {
  private static InvocationResult served(byte[] output) {
    return new InvocationResult(
        "inv-1", Status.OK, output, null, null, 13, "p1", Settlement.PENDING, null);
  }

  @Test
  void theWireFormatIsThatOfPlainStrings() {
    String json = Json.write(served("hi".getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        "{\"invocationId\":\"inv-1\",\"status\":\"OK\",\"output\":\"aGk=\",\"error\":null,"
            + "\"receipt\":null,\"cost\":13,\"providerId\":\"p1\",\"settlement\":\"PENDING\","
            + "\"batchId\":null}",
        json);
    assertEquals(
        served("hi".getBytes(StandardCharsets.UTF_8)), Json.read(json, InvocationResult.class));
  }

  @Test
  void logsTravelOnlyWhenPresentAndGoWithTheOutput() {
    InvocationResult logged = served("hi".getBytes(StandardCharsets.UTF_8)).withLogs("warn\n");
    String json = Json.write(logged);

    assertTrue(json.endsWith(",\"logs\":\"warn\\n\"}"), json);
    assertEquals(logged, Json.read(json, InvocationResult.class));
    assertFalse(logged.equals(logged.withoutLogs()), "logs are part of the value");
    assertEquals(null, logged.withoutLogs().logs());
    assertEquals(null, logged.withoutOutput().logs(), "dropped with the output");
    assertEquals("warn\n", logged.verified(null).logs(), "kept through the other withers");
  }

  @Test
  void theOutputIsCopiedInAndOut() {
    byte[] output = {1, 2, 3};
    InvocationResult result = served(output);
    output[0] = 9;
    result.output()[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, result.output());
  }

  @Test
  void aPendingResultHasRunNothingAndChargesNothing() {
    InvocationResult pending = InvocationResult.pending("inv-2");
    assertEquals(Status.PENDING, pending.status());
    assertEquals(0, pending.cost());
    assertEquals(null, pending.output());
    assertEquals(null, pending.settlement());
    assertFalse(pending.finished());
    assertFalse(pending.status().ran());
  }

  @Test
  void finishedMeansFailedSettledOrRejected() {
    assertFalse(served(new byte[0]).finished());
    assertTrue(
        new InvocationResult("i", Status.FAILED, null, "x", null, 0, null, null, null).finished());
    assertTrue(
        new InvocationResult("i", Status.OK, null, null, null, 1, "p", Settlement.SETTLED, "b")
            .finished());
    assertTrue(
        new InvocationResult("i", Status.OK, null, null, null, 0, "p", Settlement.REJECTED, "b")
            .finished());
  }
}
