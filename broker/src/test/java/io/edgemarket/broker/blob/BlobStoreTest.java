package io.edgemarket.broker.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.testing.ImageTars;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wasm modules and image tars on disk: accepted, refused, cut off, and never half-kept. */
class BlobStoreTest {
  @TempDir Path dir;

  @Test
  void storesValidModulesUnderTheirDigestAndLeavesNoTempFiles() throws Exception {
    BlobStore store = new BlobStore(dir);
    byte[] module = sample("echo.wasm");
    String digest = Crypto.sha256Hex(module);
    assertEquals(digest, store.put(digest, module));
    assertEquals(digest, store.put(digest, module), "a second upload is a no-op");
    assertArrayEquals(module, Files.readAllBytes(store.find(digest).orElseThrow().file()));
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
    assertTrue(store.find(Crypto.sha256Hex(empty)).isEmpty());
  }

  @Test
  void storesAnImageTarAndGivesBackTheSameBytes() throws Exception {
    BlobStore store = new BlobStore(dir);
    byte[] image = ImageTars.dockerSave("one");
    String digest = Crypto.sha256Hex(image);
    BlobStore.Blob stored = store.put(digest, new ByteArrayInputStream(image));
    assertEquals(
        new BlobStore.Blob(digest, BlobKind.IMAGE, dir.resolve(digest), image.length), stored);
    BlobStore.Blob found = store.find(digest).orElseThrow();
    assertEquals(BlobKind.IMAGE, found.kind());
    assertEquals("application/x-tar", found.kind().contentType());
    assertEquals("oci", found.kind().runtime());
    assertArrayEquals(image, Files.readAllBytes(found.file()));
    byte[] module = sample("echo.wasm");
    store.put(Crypto.sha256Hex(module), module);
    assertEquals(BlobKind.WASM, store.find(Crypto.sha256Hex(module)).orElseThrow().kind());
    assertEquals(List.of(digest, Crypto.sha256Hex(module)).stream().sorted().toList(), files());
  }

  @Test
  void aDigestMismatchKeepsNothing() throws Exception {
    BlobStore store = new BlobStore(dir);
    byte[] image = ImageTars.dockerSave("two");
    String other = "ab".repeat(32);
    InvalidBlobException e =
        assertThrows(
            InvalidBlobException.class, () -> store.put(other, new ByteArrayInputStream(image)));
    assertEquals(
        "digest mismatch: the bytes hash to " + Crypto.sha256Hex(image) + ", not " + other,
        e.getMessage());
    assertEquals(List.of(), files());
    assertTrue(store.find(other).isEmpty());
  }

  @Test
  void uploadsBeyondTheLimitOfTheirKindAreCutOffAndNothingIsKept() throws Exception {
    byte[] image = ImageTars.dockerSave("three");
    BlobStore small = new BlobStore(dir, 4096, image.length - 1);
    BlobTooLargeException e =
        assertThrows(
            BlobTooLargeException.class,
            () -> small.put(Crypto.sha256Hex(image), new UnboundedStream(image)));
    assertEquals(
        "image is larger than the limit of " + (image.length - 1) + " bytes", e.getMessage());
    byte[] module = Arrays.copyOf(new byte[] {0, 'a', 's', 'm'}, 4097);
    e =
        assertThrows(
            BlobTooLargeException.class, () -> small.put(Crypto.sha256Hex(module), module));
    assertEquals("Wasm module is larger than the limit of 4096 bytes", e.getMessage());
    assertEquals(List.of(), files());
    BlobStore exact = new BlobStore(dir, 4096, image.length);
    assertEquals(
        image.length, exact.put(Crypto.sha256Hex(image), new ByteArrayInputStream(image)).size());
  }

  @Test
  void whatIsNeitherWasmNorAnImageTarIsRefused() throws Exception {
    BlobStore store = new BlobStore(dir);
    byte[] text = "just some text, long enough to be more than a magic".getBytes(UTF_8);
    InvalidBlobException e =
        assertThrows(InvalidBlobException.class, () -> store.put(Crypto.sha256Hex(text), text));
    assertEquals(
        "neither a Wasm module nor an image tar: not a tar archive (truncated header)",
        e.getMessage());
    byte[] tarWithoutManifest = ImageTars.tar(Map.of("layer.tar", new byte[600]));
    e =
        assertThrows(
            InvalidBlobException.class,
            () -> store.put(Crypto.sha256Hex(tarWithoutManifest), tarWithoutManifest));
    assertEquals(
        "neither a Wasm module nor an image tar: a tar archive without manifest.json at its top"
            + " level (not written by docker save)",
        e.getMessage());
    assertEquals(List.of(), files());
  }

  private List<String> files() throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  /**
   * Serves the bytes, then zeros forever: the store must stop reading at its limit rather than wait
   * for the end of a body.
   */
  private static final class UnboundedStream extends InputStream {
    private final byte[] start;
    private int at;

    UnboundedStream(byte[] start) {
      this.start = start;
    }

    @Override
    public int read() {
      return at < start.length ? start[at++] & 0xff : 0;
    }
  }

  private static byte[] sample(String name) throws IOException {
    try (InputStream in = BlobStoreTest.class.getResourceAsStream("/wasm/" + name)) {
      return in.readAllBytes();
    }
  }
}
