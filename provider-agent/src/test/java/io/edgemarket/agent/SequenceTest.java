package io.edgemarket.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.api.InvokeResponse;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Receipt sequence numbers never repeat and never go backwards, across restarts. */
class SequenceTest {
  @TempDir Path dataDir;

  @Test
  void sequenceNumbersKeepIncreasingAcrossAnAgentRestart() throws Exception {
    try (Market market = new Market()) {
      String echo = market.deploy("echo");
      ProviderAgent first = market.start(market.agent(dataDir));
      long a =
          sequenceOf(market.invoke(first, market.request(first, echo, bytes("a"), 100, 5_000)));
      long b =
          sequenceOf(market.invoke(first, market.request(first, echo, bytes("b"), 100, 5_000)));
      first.close();

      ProviderAgent second = market.start(market.agent(dataDir));
      long c =
          sequenceOf(market.invoke(second, market.request(second, echo, bytes("c"), 100, 5_000)));

      assertTrue(a < b && b < c, a + ", " + b + ", " + c);
      assertEquals(1, market.brokerServer.blobFetches(), "the restarted agent used its disk cache");
    }
  }

  @Test
  void aReopenedCounterStartsAboveEveryNumberHandedOut() throws IOException {
    Path file = dataDir.resolve("seq");
    long last = 0;
    try (SequenceCounter counter = SequenceCounter.open(file)) {
      for (int i = 0; i < SequenceCounter.BLOCK + 5; i++) {
        long next = counter.next();
        assertTrue(next > last, "strictly increasing");
        last = next;
      }
    }
    try (SequenceCounter counter = SequenceCounter.open(file)) {
      assertTrue(counter.next() > last);
    }
  }

  @Test
  void oneAgentPerDataDirectory() throws IOException {
    Path file = dataDir.resolve("seq");
    try (SequenceCounter counter = SequenceCounter.open(file)) {
      assertEquals(1, counter.next());
      IOException e = assertThrows(IOException.class, () -> SequenceCounter.open(file));
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }
  }

  @Test
  void aCorruptCounterIsAnErrorNotAFreshStart() throws IOException {
    Path file = dataDir.resolve("seq");
    Files.writeString(file, "garbage\n");

    assertThrows(IOException.class, () -> SequenceCounter.open(file));
  }

  private static long sequenceOf(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return Json.read(response.body(), InvokeResponse.class).receipt().sequence();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
