package io.edgemarket.model.api;

import io.edgemarket.model.crypto.Crypto;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;
import org.apache.commons.compress.utils.ArchiveUtils;

/**
 * The checks of a regular file's content: an OCI blob ({@code blobs/sha256/<hex>}) must hash to its
 * name, and a file that starts with a tar header (an uncompressed layer) is walked by {@link
 * LayerCheck}. Other files are not read at all, so they cost no more than a seek.
 */
final class EntryContent {
  private static final Pattern BLOB = Pattern.compile("blobs/sha256/([0-9a-f]{64})");

  private EntryContent() {}

  static void check(String name, TarEntry entry, InputStream content)
      throws IOException, TarProblem {
    var blob = BLOB.matcher(name);
    boolean hashed = blob.matches();
    if (!hashed && entry.size() < TarReader.BLOCK) {
      return;
    }
    MessageDigest sha256 = hashed ? sha256() : null;
    InputStream in = new ReadingStream(content, sha256);
    byte[] first = in.readNBytes(TarReader.BLOCK);
    if (first.length == TarReader.BLOCK
        && !ArchiveUtils.isArrayZero(first, first.length)
        && TarReader.checksumMatches(first)) {
      LayerCheck.walk(entry, new Prefixed(first, in), entry.size());
    }
    if (hashed) {
      in.transferTo(OutputStream.nullOutputStream());
      String actual = Crypto.hex(sha256.digest());
      if (!actual.equals(blob.group(1))) {
        throw new TarProblem("entry " + entry.shown() + " hashes to " + actual + ", not its name");
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Hashes what it reads, when given a digest; then skipping reads too, so nothing is missed. */
  private static final class ReadingStream extends FilterInputStream {
    private final MessageDigest digest;

    ReadingStream(InputStream in, MessageDigest digest) {
      super(in);
      this.digest = digest;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int from, int length) throws IOException {
      int n = in.read(into, from, length);
      if (n > 0 && digest != null) {
        digest.update(into, from, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      if (digest == null) {
        return in.skip(n);
      }
      byte[] scratch = new byte[(int) Math.min(n, 1 << 16)];
      long skipped = 0;
      while (skipped < n) {
        int read = read(scratch, 0, (int) Math.min(n - skipped, scratch.length));
        if (read < 0) {
          break;
        }
        skipped += read;
      }
      return skipped;
    }
  }

  /** {@code first}, then the rest of the stream (whose skip may seek). */
  private static final class Prefixed extends FilterInputStream {
    private final byte[] first;
    private int at;

    Prefixed(byte[] first, InputStream rest) {
      super(rest);
      this.first = first;
    }

    @Override
    public int read() throws IOException {
      return at < first.length ? first[at++] & 0xff : in.read();
    }

    @Override
    public int read(byte[] into, int from, int length) throws IOException {
      if (at == first.length) {
        return in.read(into, from, length);
      }
      int n = Math.min(length, first.length - at);
      System.arraycopy(first, at, into, from, n);
      at += n;
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      if (at == first.length) {
        return in.skip(n);
      }
      int n0 = (int) Math.min(Math.max(n, 0), first.length - at);
      at += n0;
      return n0;
    }
  }
}
