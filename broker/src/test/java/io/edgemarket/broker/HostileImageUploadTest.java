package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.testing.HostileImageTars;
import io.edgemarket.testing.ImageTars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile image tar of {@link HostileImageTars} uploaded to a real broker over HTTP: refused
 * with 400 {@code BAD_REQUEST} naming what is wrong, nothing of it kept, nothing charged, and the
 * broker still takes a valid image and runs an invocation afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileImageUploadTest {
  @TempDir static Path dir;
  private TestMarket market;
  private SignedClient consumer;
  private FakeAgent provider;

  @BeforeAll
  void startMarket() throws Exception {
    market = new TestMarket(dir, 1, Duration.ofMillis(50));
    consumer = market.client(market.consumer);
    provider = market.provider("p1", 40, 10);
    market.awaitServing(provider);
  }

  @AfterAll
  void stopMarket() {
    market.close();
  }

  static List<HostileImageTars.Case> hostile() {
    return HostileImageTars.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void aHostileImageIsRefusedAndNothingOfItIsKept(HostileImageTars.Case hostile) throws Exception {
    String digest = Crypto.sha256Hex(hostile.tar());
    long before = market.balance(market.consumer.id());

    SignedClient.Response put = consumer.put("/api/v1/blobs/" + digest, hostile.tar());

    assertEquals(400, put.status(), put.text());
    assertEquals("BAD_REQUEST", put.error().code());
    String detail = put.error().message();
    assertTrue(detail.startsWith("neither a Wasm module nor an image tar: "), detail);
    assertTrue(detail.contains(hostile.problem()), detail);
    assertEquals(404, market.client(market.auditor).get("/api/v1/blobs/" + digest).status());
    assertEquals(List.of(), blobFiles(digest), "nothing of a refused upload stays on disk");
    assertEquals(before, market.balance(market.consumer.id()), "refusing costs nothing");
    byte[] valid = ImageTars.dockerSave("after " + hostile.name());
    SignedClient.Response next = consumer.put("/api/v1/blobs/" + Crypto.sha256Hex(valid), valid);
    assertEquals(201, next.status(), "the broker still takes a valid image: " + next.text());
  }

  @Test
  void afterEveryHostileUploadTheMarketStillDeploysAndInvokes() throws Exception {
    for (HostileImageTars.Case hostile : HostileImageTars.cases()) {
      consumer.put("/api/v1/blobs/" + Crypto.sha256Hex(hostile.tar()), hostile.tar());
    }
    FunctionSpec echo = market.deploy(market.consumer, "echo-after-hostile", 1_000);
    byte[] input = "still here".getBytes(StandardCharsets.UTF_8);

    SignedClient.Response run =
        consumer.post("/api/v1/invocations", market.request(echo, input, 1_000));

    assertEquals(200, run.status(), run.text());
    assertEquals(InvocationResult.Status.OK, run.as(InvocationResult.class).status());
    assertEquals(
        "STILL HERE", new String(run.as(InvocationResult.class).output(), StandardCharsets.UTF_8));
  }

  private static List<Path> blobFiles(String digest) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("blobs"))) {
      return files.filter(f -> f.getFileName().toString().startsWith(digest)).toList();
    }
  }
}
