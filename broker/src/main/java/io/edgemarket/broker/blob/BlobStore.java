package io.edgemarket.broker.blob;

import io.edgemarket.model.api.Limits;
import io.edgemarket.model.crypto.Crypto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Function modules on disk, one file per SHA-256 digest. Writes go to a temporary file that is
 * forced to disk and then atomically renamed, so a reader (or a restart) never sees half a module;
 * since the name is the content's digest, a second upload of the same module is a no-op.
 */
public final class BlobStore {
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
  private static final String TEMP_SUFFIX = ".part";

  private final Path dir;

  public BlobStore(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
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

  /** Validates and stores a module under its digest; returns the digest. */
  public String put(String digest, byte[] bytes) throws InvalidBlobException, IOException {
    if (!isDigest(digest)) {
      throw new InvalidBlobException("blob name must be 64 lowercase hex digits (SHA-256)");
    }
    if (bytes.length > Limits.MAX_MODULE_BYTES) {
      throw new InvalidBlobException(
          "module is " + bytes.length + " bytes; the limit is " + Limits.MAX_MODULE_BYTES);
    }
    String actual = Crypto.sha256Hex(bytes);
    if (!actual.equals(digest)) {
      throw new InvalidBlobException(
          "digest mismatch: the bytes hash to " + actual + ", not " + digest);
    }
    WasmCheck.check(bytes);
    Path target = dir.resolve(digest);
    if (Files.exists(target)) {
      return digest;
    }
    Path temp = Files.createTempFile(dir, digest, TEMP_SUFFIX);
    try {
      try (var channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    return digest;
  }

  /** The module's bytes, or empty when no module has that digest. */
  public Optional<byte[]> get(String digest) throws IOException {
    if (!isDigest(digest)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readAllBytes(dir.resolve(digest)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  public boolean contains(String digest) {
    return isDigest(digest) && Files.isRegularFile(dir.resolve(digest));
  }
}
