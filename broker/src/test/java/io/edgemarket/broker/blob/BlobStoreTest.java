package io.edgemarket.broker.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.crypto.Crypto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {
  @TempDir Path dir;

  @Test
  void storesValidModulesUnderTheirDigestAndLeavesNoTempFiles() throws Exception {
    BlobStore store = new BlobStore(dir);
    byte[] module = sample("echo.wasm");
    String digest = Crypto.sha256Hex(module);
    assertEquals(digest, store.put(digest, module));
    assertEquals(digest, store.put(digest, module), "a second upload is a no-op");
    assertArrayEquals(module, store.get(digest).orElseThrow());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void refusesModulesThatAreNotWasiCommands() throws Exception {
    BlobStore store = new BlobStore(dir);
    byte[] networked = sample("netimport.wasm");
    InvalidBlobException e =
        assertThrows(
            InvalidBlobException.class, () -> store.put(Crypto.sha256Hex(networked), networked));
    assertTrue(e.getMessage().contains("may import only"), e.getMessage());
    // Magic and version only: a valid empty module, but no _start.
    byte[] empty = {0, 'a', 's', 'm', 1, 0, 0, 0};
    e = assertThrows(InvalidBlobException.class, () -> store.put(Crypto.sha256Hex(empty), empty));
    assertTrue(e.getMessage().contains("_start"), e.getMessage());
    assertTrue(store.get(Crypto.sha256Hex(empty)).isEmpty());
  }

  private static byte[] sample(String name) throws IOException {
    try (InputStream in = BlobStoreTest.class.getResourceAsStream("/wasm/" + name)) {
      return in.readAllBytes();
    }
  }
}
