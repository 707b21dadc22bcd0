package io.edgemarket.agent;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Role;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.SignedHeaders;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small market for agent tests: a CA, broker, consumer and provider identities, a fake broker
 * serving the sample modules, a fake ledger, and helpers to dispatch invocations over real HTTP.
 */
final class Market implements AutoCloseable {
  static final String MSP = "EdgeMarketMSP";
  static final long PRICE_PER_INVOCATION = 10;
  static final long PRICE_PER_MEGA_FUEL = 2;

  final CertificateAuthority ca = CertificateAuthority.create(MSP);
  final Identity broker = ca.enroll("broker", Role.BROKER);
  final Identity consumer = ca.enroll("consumer-1", Role.CONSUMER);
  final Identity provider = ca.enroll("provider-1", Role.PROVIDER);
  final FakeBroker brokerServer = new FakeBroker(ca.certificate(), MSP);
  final FakeLedger ledger = new FakeLedger(provider);
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<ProviderAgent> agents = new ArrayList<>();
  private int invocations;

  /** An agent builder with the test market's settings; callers override what they test. */
  ProviderAgentBuilder agent(Path dataDir) {
    return ProviderAgent.builder()
        .broker(brokerServer.uri())
        .identity(provider)
        .trustRoot(ca.certificate())
        .dataDir(dataDir)
        .cpuShareMillis(1000)
        .memoryShareMb(512)
        .maxConcurrency(4)
        .pricePerInvocation(PRICE_PER_INVOCATION)
        .pricePerMegaFuel(PRICE_PER_MEGA_FUEL)
        .region("eu-west")
        .ledger(ledger)
        .capacityProbe(CapacityProbe.fixed(4000, 8192));
  }

  ProviderAgent start(ProviderAgentBuilder builder) throws Exception {
    ProviderAgent agent = builder.build();
    agents.add(agent);
    return agent.start();
  }

  /** Puts a sample module into the broker's blob store; returns its digest. */
  String deploy(String sample) {
    byte[] bytes = wasm(sample);
    String digest = Crypto.sha256Hex(bytes);
    brokerServer.putBlob(digest, bytes);
    return digest;
  }

  static byte[] wasm(String sample) {
    try (InputStream in = Market.class.getResourceAsStream("/wasm/" + sample + ".wasm")) {
      if (in == null) {
        throw new IllegalStateException(sample + ".wasm is not on the test classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A consumer-signed request for this agent's offer. */
  InvokeRequest request(
      ProviderAgent agent, String digest, byte[] input, long maxPrice, long timeoutMs) {
    long now = System.currentTimeMillis();
    String functionId = FunctionSpec.idOf(consumer.id(), "fn");
    InvocationTicket ticket =
        InvocationTicket.issue(
            consumer,
            "inv-" + ++invocations,
            broker.id(),
            functionId,
            digest,
            input,
            maxPrice,
            now,
            now + 60_000);
    FunctionSpec function =
        new FunctionSpec(
            functionId,
            "fn",
            consumer.id(),
            digest,
            FunctionSpec.RUNTIME_WASM,
            16L << 20,
            timeoutMs,
            TrustLevel.RECEIPT,
            maxPrice,
            now);
    return new InvokeRequest(
        ticket,
        function,
        agent.offerId(),
        input,
        Assignment.sign(broker, ticket, provider.id(), agent.offerId(), now));
  }

  /** POST /invoke signed by {@code signer}. */
  HttpResponse<String> invoke(ProviderAgent agent, InvokeRequest request, Identity signer)
      throws IOException, InterruptedException {
    byte[] body = Json.bytes(request);
    return post(
        agent,
        body,
        SignedHeaders.sign(signer, "POST", "/invoke", body, System.currentTimeMillis()));
  }

  HttpResponse<String> invoke(ProviderAgent agent, InvokeRequest request)
      throws IOException, InterruptedException {
    return invoke(agent, request, broker);
  }

  HttpResponse<String> post(ProviderAgent agent, byte[] body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(agent.url() + "/invoke"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(builder::header);
    return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(ProviderAgent agent, String path)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(agent.url() + path)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    agents.forEach(ProviderAgent::close);
    brokerServer.close();
  }
}
