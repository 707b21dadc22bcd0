package io.edgemarket.agent.container;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.agent.CapacityProbe;
import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.agent.ProviderAgentBuilder;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.SignedHeaders;
import io.edgemarket.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** OCI functions through a whole agent: dispatch over signed HTTP, image fetch, receipt. */
@ExtendWith(RequiresDocker.class)
class ContainerAgentTest {
  private final CertificateAuthority ca = CertificateAuthority.create("EdgeMarketMSP");
  private final Identity broker = ca.enroll("broker", Role.BROKER);
  private final Identity consumer = ca.enroll("consumer-1", Role.CONSUMER);
  private final Identity provider =
      ca.enroll("container-provider-" + System.nanoTime(), Role.PROVIDER);
  private final HttpClient http = HttpClient.newHttpClient();
  private ImageBroker market;
  @TempDir Path dataDir;

  @BeforeEach
  void startBroker() {
    market = new ImageBroker();
  }

  @AfterEach
  void stopBroker() {
    market.close();
  }

  @Test
  void anOciFunctionRunsInAContainerAndIsPaidWithAReceipt() throws Exception {
    // New to the engine (a unique digest), so that the agent has to fetch and load it.
    TestImages.Image upper =
        TestImages.build(Functions.DIR, "/bin/sh", "-c", "tr a-z A-Z # " + System.nanoTime());
    market.put(upper);
    try (ProviderAgent agent = agent().containers(Functions.config()).build().start()) {
      InvokeResponse first = invoke(agent, upper, "hello, edge");
      InvokeResponse second = invoke(agent, upper, "again");

      assertEquals(Receipt.OK, first.status(), first.error());
      assertEquals("HELLO, EDGE", new String(first.output(), UTF_8));
      assertEquals("AGAIN", new String(second.output(), UTF_8));
      Receipt receipt = first.receipt();
      assertTrue(receipt.verify(provider.certificate().getPublicKey()));
      assertTrue(receipt.matchesOutput(first.output()));
      assertTrue(receipt.usage().fuel() > 0, "fuel is metered");
      assertTrue(receipt.amount() <= 1_000);
      assertTrue(Files.isRegularFile(dataDir.resolve("images/" + upper.digest() + ".tar")));
      assertEquals(1, market.fetches(), "the image is fetched once");
      assertTrue(market.offers().get(0).runtimes().contains(FunctionSpec.RUNTIME_OCI));
    }
    assertEquals(List.of(), Functions.labelled(provider.id()), "the agent's containers are gone");
  }

  @Test
  void aFailingContainerIsAFunctionErrorWithAPaidReceipt() throws Exception {
    market.put(Functions.EXIT_3);
    try (ProviderAgent agent = agent().containers(Functions.config()).build().start()) {
      InvokeResponse answer = invoke(agent, Functions.EXIT_3, "");

      assertEquals(Receipt.FUNCTION_ERROR, answer.status());
      assertEquals("exit code 3", answer.error());
      assertTrue(answer.receipt().verify(provider.certificate().getPublicKey()));
      assertTrue(answer.receipt().amount() >= 10, "a function error is paid");
    }
  }

  @Test
  void anAgentWithoutContainersRefusesOciFunctions() throws Exception {
    market.put(Functions.UPPER);
    try (ProviderAgent agent = agent().build().start()) {
      HttpResponse<String> answer = post(agent, request(agent, Functions.UPPER, "hi"));

      assertEquals(400, answer.statusCode(), answer.body());
      assertTrue(answer.body().contains("oci"), answer.body());
      assertEquals(List.of(FunctionSpec.RUNTIME_WASM), market.offers().get(0).runtimes());
      assertEquals(0, market.fetches());
    }
  }

  private ProviderAgentBuilder agent() {
    return ProviderAgent.builder()
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
        .capacityProbe(CapacityProbe.fixed(4000, 8192));
  }

  private InvokeResponse invoke(ProviderAgent agent, TestImages.Image image, String input)
      throws Exception {
    HttpResponse<String> answer = post(agent, request(agent, image, input));
    assertEquals(200, answer.statusCode(), answer.body());
    return Json.read(answer.body(), InvokeResponse.class);
  }

  private InvokeRequest request(ProviderAgent agent, TestImages.Image image, String text) {
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

  private HttpResponse<String> post(ProviderAgent agent, InvokeRequest request) throws Exception {
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
