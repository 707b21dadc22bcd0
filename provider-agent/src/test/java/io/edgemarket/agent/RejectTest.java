package io.edgemarket.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.http.SignedHeaders;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests the agent refuses: an error body, and never a receipt (nothing is charged). */
class RejectTest {
  @TempDir Path dataDir;
  private Market market;
  private ProviderAgent agent;
  private String echo;

  @BeforeEach
  void startAgent() throws Exception {
    market = new Market();
    agent = market.start(market.agent(dataDir));
    echo = market.deploy("echo");
  }

  @AfterEach
  void stopAgent() {
    market.close();
  }

  @Test
  void inputThatDoesNotMatchTheTicketIsRefused() throws Exception {
    InvokeRequest signed = market.request(agent, echo, "pay me".getBytes(UTF_8), 100, 5_000);
    InvokeRequest swapped =
        new InvokeRequest(
            signed.ticket(),
            signed.function(),
            signed.offerId(),
            "pay him".getBytes(UTF_8),
            signed.assignment());

    assertError(400, ErrorCodes.BAD_REQUEST, market.invoke(agent, swapped));
  }

  @Test
  void aTicketForOtherCodeIsRefused() throws Exception {
    String upper = market.deploy("upper");
    InvokeRequest forUpper = market.request(agent, upper, new byte[0], 100, 5_000);
    InvokeRequest forEcho = market.request(agent, echo, new byte[0], 100, 5_000);
    InvokeRequest mixed =
        new InvokeRequest(
            forUpper.ticket(),
            forEcho.function(),
            agent.offerId(),
            new byte[0],
            forUpper.assignment());

    assertError(400, ErrorCodes.BAD_REQUEST, market.invoke(agent, mixed));
  }

  @Test
  void anExpiredTicketIsRefused() throws Exception {
    InvokeRequest fresh = market.request(agent, echo, new byte[0], 100, 5_000);
    long past = System.currentTimeMillis() - 1_000;
    InvocationTicket expired =
        InvocationTicket.issue(
            market.consumer,
            "late",
            market.broker.id(),
            fresh.ticket().functionId(),
            echo,
            new byte[0],
            100,
            past - 1,
            past);
    InvokeRequest request =
        new InvokeRequest(
            expired,
            fresh.function(),
            agent.offerId(),
            new byte[0],
            Assignment.sign(market.broker, expired, market.provider.id(), agent.offerId(), past));

    assertError(400, ErrorCodes.BAD_REQUEST, market.invoke(agent, request));
  }

  @Test
  void anotherProvidersOfferIsRefused() throws Exception {
    InvokeRequest request = market.request(agent, echo, new byte[0], 100, 5_000);
    InvokeRequest elsewhere =
        new InvokeRequest(
            request.ticket(),
            request.function(),
            "provider-2-offer",
            new byte[0],
            request.assignment());

    assertError(400, ErrorCodes.BAD_REQUEST, market.invoke(agent, elsewhere));
  }

  @Test
  void workWithoutTheTicketsBrokersPlacementOnThisOfferIsRefused() throws Exception {
    InvokeRequest request = market.request(agent, echo, new byte[0], 100, 5_000);
    InvokeRequest unplaced =
        new InvokeRequest(
            request.ticket(), request.function(), request.offerId(), new byte[0], null);
    assertError(400, ErrorCodes.BAD_REQUEST, market.invoke(agent, unplaced));
    Identity other = market.ca.enroll("provider-2", Role.PROVIDER);
    InvokeRequest placedElsewhere =
        new InvokeRequest(
            request.ticket(),
            request.function(),
            request.offerId(),
            new byte[0],
            Assignment.sign(market.broker, request.ticket(), other.id(), request.offerId(), 1));
    assertError(400, ErrorCodes.BAD_REQUEST, market.invoke(agent, placedElsewhere));
    // A provider cannot be paid for a ticket another broker placed.
    Identity otherBroker = market.ca.enroll("broker-2", Role.BROKER);
    InvokeRequest otherPlacement =
        new InvokeRequest(
            request.ticket(),
            request.function(),
            request.offerId(),
            new byte[0],
            Assignment.sign(
                otherBroker, request.ticket(), market.provider.id(), request.offerId(), 1));
    assertError(400, ErrorCodes.BAD_REQUEST, market.invoke(agent, otherPlacement));
  }

  @Test
  void aMaxPriceBelowTheInvocationPriceIsRefused() throws Exception {
    long tooLittle = Market.PRICE_PER_INVOCATION - 1;
    InvokeRequest request = market.request(agent, echo, new byte[0], tooLittle, 5_000);

    assertError(400, ErrorCodes.BAD_REQUEST, market.invoke(agent, request));
  }

  @Test
  void aModuleTheSandboxRejectsIsABadRequestWithTheReason() throws Exception {
    String netimport = market.deploy("netimport");
    InvokeRequest request = market.request(agent, netimport, new byte[0], 100, 5_000);

    ApiError error = assertError(400, ErrorCodes.BAD_REQUEST, market.invoke(agent, request));
    assertTrue(error.error().message().contains("rejected"), error.error().message());
  }

  @Test
  void codeTheBrokerDoesNotHaveIsABadRequest() throws Exception {
    String unknown = "ab".repeat(32);
    InvokeRequest request = market.request(agent, unknown, new byte[0], 100, 5_000);

    assertError(400, ErrorCodes.BAD_REQUEST, market.invoke(agent, request));
  }

  @Test
  void anUnsignedRequestIsUnauthenticated() throws Exception {
    byte[] body = Json.bytes(market.request(agent, echo, new byte[0], 100, 5_000));

    assertError(401, ErrorCodes.UNAUTHENTICATED, market.post(agent, body, Map.of()));
  }

  @Test
  void aReplayedOrAlteredRequestIsUnauthenticated() throws Exception {
    byte[] body = Json.bytes(market.request(agent, echo, "once".getBytes(UTF_8), 100, 5_000));
    Map<String, String> headers =
        SignedHeaders.sign(market.broker, "POST", "/invoke", body, System.currentTimeMillis());
    assertEquals(200, market.post(agent, body, headers).statusCode());

    assertError(401, ErrorCodes.UNAUTHENTICATED, market.post(agent, body, headers));
    byte[] altered = Json.bytes(market.request(agent, echo, "twice".getBytes(UTF_8), 100, 5_000));
    Map<String, String> reused =
        SignedHeaders.sign(market.broker, "POST", "/invoke", body, System.currentTimeMillis());
    assertError(401, ErrorCodes.UNAUTHENTICATED, market.post(agent, altered, reused));
  }

  @Test
  void onlyABrokerMayInvoke() throws Exception {
    InvokeRequest request = market.request(agent, echo, new byte[0], 100, 5_000);

    assertError(403, ErrorCodes.FORBIDDEN, market.invoke(agent, request, market.consumer));
    assertError(403, ErrorCodes.FORBIDDEN, market.invoke(agent, request, market.provider));
  }

  @Test
  void anInputOverOneMebibyteIsTooLarge() throws Exception {
    byte[] input = new byte[Limits.MAX_PAYLOAD_BYTES + 1];
    InvokeRequest request = market.request(agent, echo, input, 100, 5_000);

    assertError(413, ErrorCodes.BAD_REQUEST, market.invoke(agent, request));
  }

  @Test
  void aBodyOverTheRequestLimitIsTooLarge() throws Exception {
    byte[] body = new byte[(int) AgentServer.MAX_REQUEST_BYTES + 1];
    Map<String, String> headers =
        SignedHeaders.sign(market.broker, "POST", "/invoke", body, System.currentTimeMillis());

    assertEquals(413, market.post(agent, body, headers).statusCode());
  }

  @Test
  void malformedJsonIsABadRequest() throws Exception {
    byte[] body = "{\"ticket\": 42}".getBytes(UTF_8);
    Map<String, String> headers =
        SignedHeaders.sign(market.broker, "POST", "/invoke", body, System.currentTimeMillis());

    assertError(400, ErrorCodes.BAD_REQUEST, market.post(agent, body, headers));
  }

  private static ApiError assertError(int status, String code, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response.body());
    assertFalse(response.body().contains("\"receipt\""), "no receipt: " + response.body());
    assertEquals(ApiError.MEDIA_TYPE, response.headers().firstValue("Content-Type").orElse(""));
    ApiError error = Json.read(response.body(), ApiError.class);
    assertEquals(code, error.code());
    assertEquals(status, error.status());
    assertEquals(code, error.error().code(), "the old shape is kept");
    return error;
  }
}
