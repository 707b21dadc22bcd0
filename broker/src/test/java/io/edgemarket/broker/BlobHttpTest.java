package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.http.SignedHeaders;
import io.edgemarket.model.json.Json;
import io.edgemarket.testing.ImageTars;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Image tars through {@code PUT|GET /api/v1/blobs/{sha256}} over real HTTP, next to modules. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlobHttpTest {
  @TempDir static Path dir;
  private TestMarket market;
  private SignedClient consumer;

  @BeforeAll
  void startMarket() throws Exception {
    market = new TestMarket(dir, 0, Duration.ofMillis(50));
    consumer = market.client(market.consumer);
  }

  @AfterAll
  void stopMarket() {
    market.close();
  }

  @Test
  void anImageTarIsStoredAndServedBackByteForByte() {
    byte[] image = ImageTars.dockerSave("served");
    String digest = Crypto.sha256Hex(image);
    SignedClient.Response put = consumer.put("/api/v1/blobs/" + digest, image);
    assertEquals(201, put.status(), put.text());
    JsonNode answer = Json.tree(put.text());
    assertEquals(digest, answer.get("digest").asText());
    assertEquals("oci", answer.get("runtime").asText());
    assertEquals(image.length, answer.get("size").asLong());
    SignedClient.Response get = market.client(market.auditor).get("/api/v1/blobs/" + digest);
    assertEquals(200, get.status());
    assertArrayEquals(image, get.body());
  }

  @Test
  void aStreamedUploadIsSignedOverTheDigestItNames() {
    byte[] image = ImageTars.dockerSave("mismatch");
    String named = Crypto.sha256Hex(ImageTars.dockerSave("something else"));
    SignedClient.Response mismatch = consumer.send("PUT", "/api/v1/blobs/" + named, image, named);
    assertEquals(400, mismatch.status(), mismatch.text());
    assertEquals(
        "digest mismatch: the bytes hash to " + Crypto.sha256Hex(image) + ", not " + named,
        mismatch.error().message());
    // Signed over the bytes it sends, but naming another digest: the signature does not hold.
    SignedClient.Response forged = consumer.put("/api/v1/blobs/" + named, image);
    assertEquals(401, forged.status(), forged.text());
    assertEquals("UNAUTHENTICATED", forged.error().code());
    assertEquals(404, market.client(market.auditor).get("/api/v1/blobs/" + named).status());
    assertEquals(400, consumer.put("/api/v1/blobs/ABC", image).status());
  }

  @Test
  void garbageIsNeitherWasmNorAnImage() throws IOException {
    byte[] garbage = "this is no tar, and no module either".getBytes(StandardCharsets.UTF_8);
    SignedClient.Response put = consumer.put("/api/v1/blobs/" + Crypto.sha256Hex(garbage), garbage);
    assertEquals(400, put.status(), put.text());
    assertEquals("BAD_REQUEST", put.error().code());
    assertTrue(
        put.error().message().startsWith("neither a Wasm module nor an image tar: "), put.text());
    try (var files = Files.list(dir.resolve("blobs"))) {
      assertFalse(
          files.anyMatch(f -> f.getFileName().toString().startsWith(Crypto.sha256Hex(garbage))),
          "nothing of a refused upload stays on disk");
    }
  }

  @Test
  void aWasmModuleAboveSixteenMebibytesIs413EvenThoughImagesMayBeLarger() {
    byte[] huge = new byte[Limits.MAX_MODULE_BYTES + 1];
    System.arraycopy(new byte[] {0, 'a', 's', 'm'}, 0, huge, 0, 4);
    SignedClient.Response put = consumer.put("/api/v1/blobs/" + Crypto.sha256Hex(huge), huge);
    assertEquals(413, put.status(), put.text());
    assertEquals(
        "Wasm module is larger than the limit of " + Limits.MAX_MODULE_BYTES + " bytes",
        put.error().message());
  }

  @Test
  void aBodyAnnouncedAboveTheImageLimitIs413BeforeAnyByteIsRead() throws IOException {
    String path = "/api/v1/blobs/" + "cd".repeat(32);
    Map<String, String> headers =
        SignedHeaders.signBodyDigest(
            market.consumer, "PUT", path, "cd".repeat(32), System.currentTimeMillis());
    URI base = URI.create(market.broker().url());
    // java.net.http sets Content-Length itself, so the oversized announcement goes by hand.
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      StringBuilder request = new StringBuilder("PUT " + path + " HTTP/1.1\r\n");
      request.append("Host: ").append(base.getHost()).append("\r\n");
      headers.forEach(
          (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      request.append("Content-Length: ").append(Limits.MAX_IMAGE_BYTES + 1).append("\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.setSoTimeout(10_000);
      String answer = readAnswer(socket.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(
          answer.contains("request body exceeds " + Limits.MAX_IMAGE_BYTES + " bytes"), answer);
    }
  }

  /** Up to the end of the JSON error body (the server may keep the connection open). */
  private static String readAnswer(InputStream in) throws IOException {
    StringBuilder text = new StringBuilder();
    byte[] chunk = new byte[4096];
    for (int n = in.read(chunk); n != -1; n = in.read(chunk)) {
      text.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
      if (text.toString().endsWith("}}")) {
        break;
      }
    }
    return text.toString();
  }
}
