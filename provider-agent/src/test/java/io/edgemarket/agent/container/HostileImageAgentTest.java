package io.edgemarket.agent.container;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.agent.CapacityProbe;
import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.http.SignedHeaders;
import io.edgemarket.model.json.Json;
import io.edgemarket.testing.HostileImageTars;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A broker that hands an agent a hostile image tar (its digest right: as if the broker had stored
 * it) gets 400 {@code BAD_REQUEST} naming what is wrong, no receipt, and nothing loaded or kept;
 * the same agent then runs a valid image.
 */
@ExtendWith(RequiresDocker.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileImageAgentTest {
  private final CertificateAuthority ca = CertificateAuthority.create("EdgeMarketMSP");
  private final Identity broker = ca.enroll("broker", Role.BROKER);
  private final Identity consumer = ca.enroll("consumer-1", Role.CONSUMER);
  private final Identity provider = ca.enroll("hostile-images-" + System.nanoTime(), Role.PROVIDER);
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir static Path dataDir;
  @TempDir static Path tars;
  private ImageBroker market;
  private ProviderAgent agent;

  @BeforeAll
  void start() throws Exception {
    market = new ImageBroker();
    agent =
        ProviderAgent.builder()
            .broker(market.uri())
            .identity(provider)
            .trustRoot(ca.certificate())
            .dataDir(dataDir)
            .cpuShareMillis(1000)
            .memoryShareMb(512)
            .maxConcurrency(2)
            .pricePerInvocation(10)
            .pricePerMegaFuel(2)
            .ledger(market.ledger(provider))
            .capacityProbe(CapacityProbe.fixed(4000, 8192))
            .containers(Functions.config())
            .build()
            .start();
  }

  @AfterAll
  void stop() {
    agent.close();
    market.close();
  }

  static List<HostileImageTars.Case> hostile() {
    return HostileImageTars.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void aHostileImageFromTheBrokerIsRefusedAndNotKept(HostileImageTars.Case hostile)
      throws Exception {
    String digest = Crypto.sha256Hex(hostile.tar());
    TestImages.Image image =
        new TestImages.Image(Files.write(tars.resolve(digest + ".tar"), hostile.tar()), digest);
    market.put(image);

    HttpResponse<String> answer = post(request(image, "hi"));

    assertEquals(400, answer.statusCode(), answer.body());
    ApiError error = ApiError.read(answer.body().getBytes(UTF_8)).orElseThrow();
    assertEquals("BAD_REQUEST", error.code());
    assertTrue(error.detail().contains(hostile.problem()), error.detail());
    assertFalse(answer.body().contains("\"receipt\""), "no receipt: " + answer.body());
    assertFalse(Files.exists(dataDir.resolve("images/" + digest + ".tar")), "not kept on disk");
    try (Engine engine = new Engine(RequiresDocker.HOST)) {
      assertTrue(new ImageLoader(engine).find(digest).isEmpty(), "nothing loaded");
    }
  }

  @Test
  void theSameAgentStillRunsAValidImage() throws Exception {
    TestImages.Image upper =
        TestImages.build(Functions.DIR, "/bin/sh", "-c", "tr a-z A-Z # " + System.nanoTime());
    market.put(upper);

    HttpResponse<String> answer = post(request(upper, "after hostile ones"));

    assertEquals(200, answer.statusCode(), answer.body());
    InvokeResponse response = Json.read(answer.body(), InvokeResponse.class);
    assertEquals(Receipt.OK, response.status(), response.error());
    assertEquals("AFTER HOSTILE ONES", new String(response.output(), UTF_8));
  }

  private InvokeRequest request(TestImages.Image image, String text) {
    byte[] input = text.getBytes(UTF_8);
    long now = System.currentTimeMillis();
    String functionId = FunctionSpec.idOf(consumer.id(), "fn");
    InvocationTicket ticket =
        InvocationTicket.issue(
            consumer,
            "inv-" + System.nanoTime(),
            broker.id(),
            functionId,
            image.digest(),
            input,
            1_000,
            now,
            now + 60_000);
    FunctionSpec function =
        new FunctionSpec(
            functionId,
            "fn",
            consumer.id(),
            image.digest(),
            FunctionSpec.RUNTIME_OCI,
            64L << 20,
            20_000,
            TrustLevel.RECEIPT,
            1_000,
            now);
    return new InvokeRequest(
        ticket,
        function,
        agent.offerId(),
        input,
        Assignment.sign(broker, ticket, provider.id(), agent.offerId(), now));
  }

  private HttpResponse<String> post(InvokeRequest request) throws Exception {
    byte[] body = Json.bytes(request);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(agent.url() + "/invoke"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    SignedHeaders.sign(broker, "POST", "/invoke", body, System.currentTimeMillis())
        .forEach(builder::header);
    return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }
}
