package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.ImageTars;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A container-image function on a market whose providers all run Wasm only. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OciMatchingTest {
  @TempDir static Path dir;
  private TestMarket market;
  private FakeAgent wasmOnly;
  private FunctionSpec echo;
  private FunctionSpec image;
  private SignedClient alice;

  @BeforeAll
  void startMarket() throws Exception {
    market = new TestMarket(dir, 1, Duration.ofMillis(50));
    wasmOnly = market.provider("p1", 40, 10);
    echo = market.deploy(market.consumer, "echo", 1_000);
    alice = market.client(market.consumer);
    byte[] tar = ImageTars.dockerSave("resize");
    String digest = Crypto.sha256Hex(tar);
    assertEquals(201, alice.put("/api/v1/blobs/" + digest, tar).status());
    FunctionSpec spec =
        new FunctionSpec(
            null, "resize", null, digest, "oci", 64L << 20, 1_000, TrustLevel.RECEIPT, 1_000, 0);
    image =
        Json.read(
            market
                .gateway(market.consumer)
                .submit(Transactions.REGISTER_FUNCTION, Json.write(spec)),
            FunctionSpec.class);
    market.awaitServing(wasmOnly);
  }

  @AfterAll
  void stopMarket() {
    market.close();
  }

  @Test
  void isRefusedWithNoProviderAndHoldsNoMoney() throws Exception {
    assertEquals("oci", image.runtime());
    market.awaitSettlementIdle();
    long before = market.balance(market.consumer.id());
    // The whole balance as maxPrice: had any of it been held, the next invocation would be 402.
    InvocationRequest request = market.request(image, bytes("photo"), before);

    SignedClient.Response refused = alice.post("/api/v1/invocations", request);

    assertEquals(503, refused.status(), refused.text());
    assertEquals("NO_PROVIDER", refused.error().code());
    assertEquals("no provider offers runtime oci", refused.error().message());
    assertEquals(404, alice.get("/api/v1/invocations/" + request.ticket().invocationId()).status());
    assertEquals(0, wasmOnly.calls(), "a Wasm-only provider never sees an image function");
    SignedClient.Response wasm =
        alice.post("/api/v1/invocations", market.request(echo, bytes("still fine"), before));
    assertEquals(200, wasm.status(), wasm.text());
    assertEquals(InvocationResult.Status.OK, wasm.as(InvocationResult.class).status());
    market.awaitSettlementIdle();
    assertEquals(
        before - wasm.as(InvocationResult.class).cost(), market.balance(market.consumer.id()));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
