package io.edgemarket.broker.blob;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.testing.HostileCases;
import io.edgemarket.testing.HostileWasm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated hostile modules (issue 13) uploaded to the blob store: each is stored or refused with
 * an {@link InvalidBlobException} (the 400 of {@code PUT /api/v1/blobs}), never another exception
 * (a 500), and a refused one leaves no file. {@code HOSTILE_CASES} and {@code HOSTILE_SEED} as in
 * RELIABILITY.md.
 */
class GeneratedModulesUploadTest {
  private static final String[] SAMPLES = {
    "echo", "upper", "wordcount", "anomaly", "features", "loop", "membomb", "tablebomb", "netimport"
  };

  @TempDir Path dir;

  @Test
  void everyGeneratedModuleIsStoredOrRefusedAsABadRequest() throws Exception {
    HostileCases run = HostileCases.fromEnvironment(400);
    Map<String, byte[]> samples = new TreeMap<>();
    for (String name : SAMPLES) {
      try (InputStream in = getClass().getResourceAsStream("/wasm/" + name + ".wasm")) {
        samples.put(name, in.readAllBytes());
      }
    }
    HostileWasm generator = new HostileWasm(run, samples);
    BlobStore store = new BlobStore(dir);
    int refused = 0;
    for (int i = 0; i < run.cases(); i++) {
      HostileWasm.Case c = generator.generate(i);
      String digest = Crypto.sha256Hex(c.bytes());
      try {
        store.put(digest, c.bytes());
      } catch (InvalidBlobException e) {
        refused++;
        if (store.contains(digest)) {
          throw run.failure("upload", i, c.kind(), c.bytes(), "a refused module was kept", null);
        }
      } catch (IOException | RuntimeException | Error e) {
        throw run.failure("upload", i, c.kind(), c.bytes(), "the check threw " + e, e);
      }
    }
    System.out.printf(
        "hostile uploads: %d cases of seed %d: %d refused, %d stored%n",
        run.cases(), run.seed(), refused, run.cases() - refused);
    assertTrue(refused > 0, "the generator makes modules the store refuses");
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")));
    }
  }
}
