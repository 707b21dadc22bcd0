package io.edgemarket.broker.blob;

import io.edgemarket.model.api.ImageTar;
import io.edgemarket.model.api.Limits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Function code on disk, one file per SHA-256 digest: Wasm modules and container image tars.
 * Uploads stream to a temporary file (never into memory: an image may be 512 MiB) while they are
 * hashed and counted; only once digest, size and content check out is the file forced to disk and
 * atomically renamed, so a reader (or a restart) never sees half a blob or one that was refused.
 * Since the name is the content's digest, a second upload of the same blob changes nothing.
 */
public final class BlobStore {
  /** A stored blob, to be streamed from {@code file}. */
  public record Blob(String digest, BlobKind kind, Path file, long size) {}

  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
  private static final String TEMP_SUFFIX = ".part";

  private final Path dir;
  private final Receiver receiver;

  /**
   * A store with the market's limits: {@link Limits#MAX_MODULE_BYTES}, {@link
   * Limits#MAX_IMAGE_BYTES}.
   */
  public BlobStore(Path dir) throws IOException {
    this(dir, Limits.MAX_MODULE_BYTES, Limits.MAX_IMAGE_BYTES);
  }

  /** A store with other size limits (tests use small ones rather than write 512 MiB). */
  public BlobStore(Path dir, long maxModuleBytes, long maxImageBytes) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.receiver = new Receiver(maxModuleBytes, maxImageBytes);
    // Leftovers of uploads interrupted by a crash: never renamed, so never visible; drop them.
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, "*" + TEMP_SUFFIX)) {
      for (Path file : stale) {
        Files.deleteIfExists(file);
      }
    }
  }

  public static boolean isDigest(String text) {
    return text != null && DIGEST.matcher(text).matches();
  }

  /** Validates and stores a blob held in memory; returns its digest. */
  public String put(String digest, byte[] bytes) throws InvalidBlobException, IOException {
    return put(digest, new ByteArrayInputStream(bytes)).digest();
  }

  /**
   * Streams {@code body} in, checks it hashes to {@code digest} and is a WASI command module (when
   * it starts with the Wasm magic) or a {@code docker save} tar with nothing hostile in it
   * (otherwise, {@link ImageTar}), and stores it.
   *
   * @throws BlobTooLargeException beyond the limit of its kind; nothing is kept
   * @throws InvalidBlobException a malformed name, another digest, or unacceptable content
   */
  public Blob put(String digest, InputStream body) throws InvalidBlobException, IOException {
    if (!isDigest(digest)) {
      throw new InvalidBlobException("blob name must be 64 lowercase hex digits (SHA-256)");
    }
    Path temp = Files.createTempFile(dir, digest, TEMP_SUFFIX);
    try {
      Receiver.Received received = receiver.receive(body, temp);
      if (!received.sha256().equals(digest)) {
        throw new InvalidBlobException(
            "digest mismatch: the bytes hash to " + received.sha256() + ", not " + digest);
      }
      check(received.kind(), temp, received.size());
      Path target = dir.resolve(digest);
      if (!Files.exists(target)) {
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return new Blob(digest, received.kind(), target, received.size());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The stored blob with this digest, or empty when there is none. */
  public Optional<Blob> find(String digest) throws IOException {
    if (!isDigest(digest)) {
      return Optional.empty();
    }
    Path file = dir.resolve(digest);
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(BlobKind.WASM_MAGIC.length);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(new Blob(digest, BlobKind.of(head), file, Files.size(file)));
  }

  public boolean contains(String digest) {
    return isDigest(digest) && Files.isRegularFile(dir.resolve(digest));
  }

  /** The content check of each kind, on the complete upload. */
  private static void check(BlobKind kind, Path file, long size)
      throws InvalidBlobException, IOException {
    if (kind == BlobKind.WASM) {
      // At most the module limit (the receiver cut it off otherwise), so reading it is fine.
      WasmCheck.check(Files.readAllBytes(file));
      return;
    }
    String problem;
    try (InputStream in = Files.newInputStream(file)) {
      // Reads blobs and layer tars, seeks past the rest: one read of the image at most.
      problem = ImageTar.problem(in, size);
    }
    if (problem != null) {
      throw new InvalidBlobException("neither a Wasm module nor an image tar: " + problem);
    }
  }
}
