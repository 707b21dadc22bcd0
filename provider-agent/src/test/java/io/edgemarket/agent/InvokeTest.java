package io.edgemarket.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Pricing;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import io.edgemarket.model.json.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invocations that run: real HTTP, the real sandbox, the sample modules. */
class InvokeTest {
  @TempDir Path dataDir;
  private Market market;
  private ProviderAgent agent;

  @BeforeEach
  void startAgent() throws Exception {
    market = new Market();
    agent = market.start(market.agent(dataDir));
  }

  @AfterEach
  void stopAgent() {
    market.close();
  }

  @Test
  void echoReturnsItsInputWithAVerifiableReceipt() throws Exception {
    String digest = market.deploy("echo");
    byte[] input = "hello, edge".getBytes(UTF_8);
    InvokeRequest request = market.request(agent, digest, input, 1_000, 5_000);

    InvokeResponse answer = ok(market.invoke(agent, request));

    assertEquals(Receipt.OK, answer.status());
    assertArrayEquals(input, answer.output());
    assertNull(answer.error());
    assertNull(answer.logs(), "echo writes nothing to stderr");
    Receipt receipt = answer.receipt();
    assertTrue(receipt.verify(market.provider.certificate().getPublicKey()));
    assertTrue(receipt.matchesOutput(input));
    assertEquals(Receipt.OK, receipt.status());
    assertEquals(request.ticket(), receipt.ticket());
    assertEquals(agent.offerId(), receipt.offerId());
    assertEquals(market.provider.id(), receipt.providerId());
    assertTrue(receipt.usage().fuel() > 0, "fuel is metered");
    assertEquals(
        Pricing.amount(
            Market.PRICE_PER_INVOCATION, Market.PRICE_PER_MEGA_FUEL, receipt.usage().fuel()),
        receipt.amount());
    assertTrue(receipt.amount() <= request.ticket().maxPrice());
    assertTrue(receipt.startedAt() <= receipt.finishedAt());
    assertTrue(
        Files.isRegularFile(dataDir.resolve("modules").resolve(digest + ".wasm")),
        "the fetched module is cached on disk");
  }

  @Test
  void theAnswerCarriesTheFunctionsStderrBesideTheReceiptNotInIt() throws Exception {
    String digest = market.deploy("stderr");
    InvokeRequest request =
        market.request(agent, digest, "reading sensor 7".getBytes(UTF_8), 1_000, 5_000);

    InvokeResponse answer = ok(market.invoke(agent, request));

    assertEquals(Receipt.OK, answer.status());
    assertEquals("reading sensor 7", answer.logs());
    assertEquals("logged\n", new String(answer.output(), UTF_8));
    assertTrue(answer.receipt().matchesOutput("logged\n".getBytes(UTF_8)), "logs are not output");
    assertTrue(answer.receipt().verify(market.provider.certificate().getPublicKey()));
  }

  @Test
  void upperAndWordcountComputeTheirResults() throws Exception {
    String upper = market.deploy("upper");
    String wordcount = market.deploy("wordcount");
    byte[] text = "manhole cover three is open".getBytes(UTF_8);

    InvokeResponse shouted =
        ok(market.invoke(agent, market.request(agent, upper, text, 100, 5_000)));
    InvokeResponse counted =
        ok(market.invoke(agent, market.request(agent, wordcount, text, 100, 5_000)));

    assertEquals("MANHOLE COVER THREE IS OPEN", new String(shouted.output(), UTF_8));
    assertEquals("5\n", new String(counted.output(), UTF_8));
  }

  @Test
  void aTrapIsAFunctionErrorWithAPaidReceipt() throws Exception {
    String digest = market.deploy("trap");
    InvokeRequest request = market.request(agent, digest, new byte[0], 1_000, 5_000);

    InvokeResponse answer = ok(market.invoke(agent, request));

    assertEquals(Receipt.FUNCTION_ERROR, answer.status());
    assertTrue(answer.error().contains("unreachable"), answer.error());
    Receipt receipt = answer.receipt();
    assertEquals(Receipt.FUNCTION_ERROR, receipt.status());
    assertTrue(receipt.verify(market.provider.certificate().getPublicKey()));
    assertTrue(receipt.matchesOutput(answer.output()));
    assertTrue(receipt.amountIsConsistent());
    assertTrue(receipt.amount() >= Market.PRICE_PER_INVOCATION, "a function error is paid");
  }

  @Test
  void aLoopStoppedByItsDeadlineIsAFunctionErrorWithUsage() throws Exception {
    String digest = market.deploy("loop");
    InvokeRequest request = market.request(agent, digest, new byte[0], 10_000_000, 100);

    InvokeResponse answer = ok(market.invoke(agent, request));

    assertEquals(Receipt.FUNCTION_ERROR, answer.status());
    assertTrue(answer.error().contains("deadline"), answer.error());
    Receipt receipt = answer.receipt();
    assertTrue(receipt.verify(market.provider.certificate().getPublicKey()));
    assertTrue(receipt.usage().fuel() > 0);
    assertTrue(receipt.usage().wallMicros() > 0);
    assertTrue(receipt.amountIsConsistent());
    assertTrue(receipt.amount() <= request.ticket().maxPrice());
  }

  @Test
  void theFuelCapKeepsTheAmountWithinMaxPrice() throws Exception {
    String digest = market.deploy("loop");
    for (long maxPrice : new long[] {10, 11, 12, 17}) {
      InvokeRequest request = market.request(agent, digest, new byte[0], maxPrice, 60_000);

      InvokeResponse answer = ok(market.invoke(agent, request));

      assertEquals(Receipt.FUNCTION_ERROR, answer.status());
      assertTrue(answer.error().contains("fuel"), answer.error());
      Receipt receipt = answer.receipt();
      long cap = (maxPrice - Market.PRICE_PER_INVOCATION) * 1_000_000 / Market.PRICE_PER_MEGA_FUEL;
      assertEquals(cap, receipt.usage().fuel(), "runs exactly up to the cap");
      assertTrue(receipt.amountIsConsistent());
      assertTrue(receipt.amount() <= maxPrice, receipt.amount() + " > " + maxPrice);
    }
  }

  @Test
  void theFunctionsMaxFuelStopsARunTheTicketWouldStillPayFor() throws Exception {
    String digest = market.deploy("loop");
    InvokeRequest plain = market.request(agent, digest, new byte[0], 10_000_000, 60_000);
    long limit = 50_000;
    InvokeRequest request =
        new InvokeRequest(
            plain.ticket(),
            plain.function().withMaxFuel(limit),
            plain.offerId(),
            plain.input(),
            plain.assignment());

    InvokeResponse answer = ok(market.invoke(agent, request));

    // Exhausted as at a maxPrice cap: a function error, paid for the fuel it was allowed.
    assertEquals(Receipt.FUNCTION_ERROR, answer.status());
    assertEquals("fuel limit of " + limit + " instructions exceeded", answer.error());
    Receipt receipt = answer.receipt();
    assertEquals(limit, receipt.usage().fuel());
    assertEquals(
        Pricing.amount(Market.PRICE_PER_INVOCATION, Market.PRICE_PER_MEGA_FUEL, limit),
        receipt.amount());
    assertTrue(receipt.verify(market.provider.certificate().getPublicKey()));
  }

  private static InvokeResponse ok(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return Json.read(response.body(), InvokeResponse.class);
  }
}
