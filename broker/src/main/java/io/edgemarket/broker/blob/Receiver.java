package io.edgemarket.broker.blob;

import io.edgemarket.model.crypto.Crypto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Copies an upload to a file while hashing and counting it, so an image is never held in memory and
 * an oversized upload is cut off as soon as it passes its limit. The limit depends on the kind,
 * which the first four bytes tell: a Wasm module may be far smaller than an image.
 */
final class Receiver {
  /** What arrived: its SHA-256, its size and its kind by magic. */
  record Received(String sha256, long size, BlobKind kind) {}

  private static final int CHUNK = 64 * 1024;

  private final long maxModuleBytes;
  private final long maxImageBytes;

  Receiver(long maxModuleBytes, long maxImageBytes) {
    this.maxModuleBytes = maxModuleBytes;
    this.maxImageBytes = maxImageBytes;
  }

  /** Streams {@code body} into {@code file} (created empty beforehand) and forces it to disk. */
  Received receive(InputStream body, Path file) throws IOException, BlobTooLargeException {
    MessageDigest sha256 = sha256();
    byte[] head = new byte[BlobKind.WASM_MAGIC.length];
    int headLength = 0;
    long size = 0;
    byte[] chunk = new byte[CHUNK];
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      for (int n = body.read(chunk); n != -1; n = body.read(chunk)) {
        int take = Math.min(n, head.length - headLength);
        System.arraycopy(chunk, 0, head, headLength, take);
        headLength += take;
        size += n;
        // Until four bytes are in, the kind is unknown: the larger (image) limit applies.
        BlobKind kind = headLength == head.length ? BlobKind.of(head) : BlobKind.IMAGE;
        long limit = kind == BlobKind.WASM ? maxModuleBytes : maxImageBytes;
        if (size > limit) {
          throw new BlobTooLargeException(
              (kind == BlobKind.WASM ? "Wasm module" : "image")
                  + " is larger than the limit of "
                  + limit
                  + " bytes");
        }
        sha256.update(chunk, 0, n);
        ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
      out.force(true);
    }
    byte[] first = Arrays.copyOf(head, headLength);
    return new Received(Crypto.hex(sha256.digest()), size, BlobKind.of(first));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
