package io.edgemarket.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.HostileImageTars;
import io.edgemarket.testing.ImageTars;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container images deployed from a file: checked, streamed, signed by digest, registered. */
class ImageDeployTest extends ClientFixture {
  @TempDir Path tmp;

  @Test
  void anImageIsStreamedThenRegisteredAsAnOciFunction() throws Exception {
    byte[] tar = ImageTars.dockerSave("thumbnail");
    Path file = Files.write(tmp.resolve("thumbnail.tar"), tar);
    AtomicLong reported = new AtomicLong(-1);
    FunctionSpec spec =
        client.deployImage(
            "thumbnail",
            file,
            DeployOptions.defaults()
                .withMemoryLimitBytes(256L << 20)
                .withTimeout(Duration.ofSeconds(30)),
            (sent, total) -> {
              assertEquals(tar.length, total);
              reported.set(sent);
            });
    assertEquals(market.consumer.id() + "/thumbnail", spec.functionId());
    assertEquals(FunctionSpec.RUNTIME_OCI, spec.runtime());
    assertEquals(Crypto.sha256Hex(tar), spec.digest());
    assertEquals(256L << 20, spec.memoryLimitBytes());
    assertEquals(30_000, spec.timeoutMs());
    assertEquals(tar.length, reported.get(), "progress ends at the whole file");
    // The fake broker checks the signature over the bytes it received: signing by digest holds.
    assertArrayEquals(tar, broker.invocations.blobs.get(spec.digest()));
    FunctionSpec onLedger = Json.read(ledger.function(spec.functionId()), FunctionSpec.class);
    assertEquals(FunctionSpec.RUNTIME_OCI, onLedger.runtime());
    assertEquals(spec.digest(), onLedger.digest());
  }

  @Test
  void whatIsNotADockerSaveTarIsRefusedBeforeAnyUpload() throws Exception {
    Path wasm = Files.write(tmp.resolve("echo.wasm"), WASM);
    IllegalArgumentException notTar =
        assertThrows(
            IllegalArgumentException.class,
            () -> client.deployImage("echo", wasm, DeployOptions.defaults()));
    assertEquals(
        wasm
            + " is not a container image saved with docker save: not a tar archive (truncated"
            + " header)",
        notTar.getMessage());
    Path bare =
        Files.write(tmp.resolve("bare.tar"), ImageTars.tar(Map.of("layer.tar", new byte[9])));
    IllegalArgumentException noManifest =
        assertThrows(
            IllegalArgumentException.class,
            () -> client.deployImage("bare", bare, DeployOptions.defaults()));
    assertTrue(
        noManifest
            .getMessage()
            .endsWith("without manifest.json at its top level (not written by docker save)"),
        noManifest.getMessage());
    for (HostileImageTars.Case hostile : HostileImageTars.cases()) {
      Path file = Files.write(tmp.resolve("hostile.tar"), hostile.tar());
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class,
              () -> client.deployImage("hostile", file, DeployOptions.defaults()));
      assertTrue(refused.getMessage().contains(hostile.problem()), refused.getMessage());
    }
    Path empty = Files.write(tmp.resolve("empty.tar"), new byte[0]);
    assertThrows(
        IllegalArgumentException.class,
        () -> client.deployImage("empty", empty, DeployOptions.defaults()));
    assertThrows(
        NoSuchFileException.class,
        () -> client.deployImage("gone", tmp.resolve("gone.tar"), DeployOptions.defaults()));
    assertTrue(broker.invocations.blobs.isEmpty(), "nothing was uploaded");
    assertEquals(0, ledger.calls.stream().filter(Transactions.REGISTER_FUNCTION::equals).count());
  }
}
