package io.edgemarket.model.api;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.archivers.zip.ZipEncoding;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;
import org.apache.commons.compress.utils.ArchiveUtils;

/**
 * Walks a tar archive header by header, as Go's {@code archive/tar} (the reader behind {@code
 * docker load}) would: pax {@code path}, {@code linkpath} and {@code size} records and GNU long
 * names apply to the next entry. Wherever the two readers could disagree on where an entry starts,
 * the archive is refused rather than guessed at, since an entry only one reader sees is one only
 * one reader checked: extension headers above {@link #MAX_EXTENSION_BYTES}, sparse files, content
 * on an entry type that has none, sizes beyond the archive.
 *
 * <p>Each header is parsed by commons-compress ({@link TarArchiveEntry}: checksum, octal and GNU
 * base-256 numbers, ustar prefixes). Contents the caller does not read are skipped with {@code
 * skip} (on a file stream, a seek).
 */
final class TarReader {
  static final int BLOCK = 512;

  /** Pax and GNU extension headers above this are refused (Go reads up to 1 MiB of them). */
  static final int MAX_EXTENSION_BYTES = 64 * 1024;

  private static final ZipEncoding NAMES = ZipEncodingHelper.getZipEncoding(StandardCharsets.UTF_8);

  private final InputStream in;
  private final long archiveBytes;
  private final byte[] header = new byte[BLOCK];
  private long offset;
  private int entries;
  private long remaining;
  private long padding;

  /** {@code archiveBytes}: the archive's length, or {@link Long#MAX_VALUE} when unknown. */
  TarReader(InputStream in, long archiveBytes) {
    this.in = in;
    this.archiveBytes = archiveBytes;
  }

  /** The next entry, the rest of the previous one skipped; null at the end of the archive. */
  TarEntry next() throws IOException, TarProblem {
    skipRest();
    PaxRecords pax = new PaxRecords();
    String gnuName = null;
    String gnuLink = null;
    while (true) {
      int read = in.readNBytes(header, 0, BLOCK);
      if (read == 0 && entries > 0 && pax.isEmpty() && gnuName == null && gnuLink == null) {
        return null; // some writers omit the end-of-archive blocks; the entries read were whole
      }
      if (read < BLOCK) {
        throw new TarProblem(
            "not a tar archive ("
                + (read == 0 && offset == 0 ? "empty" : "truncated header")
                + ")");
      }
      if (ArchiveUtils.isArrayZero(header, BLOCK)) {
        in.readNBytes(header, 0, BLOCK); // the end-of-archive marker is two zero blocks
        return null;
      }
      if (!checksumMatches(header)) {
        throw new TarProblem("not a tar archive (bad header checksum at offset " + offset + ")");
      }
      TarArchiveEntry parsed;
      try {
        // Lenient: only the size (octal or GNU base-256) must parse; modes and times may not.
        parsed = new TarArchiveEntry(header, NAMES, true);
      } catch (IOException | IllegalArgumentException e) {
        throw new TarProblem("not a tar archive (bad entry size at offset " + offset + ")");
      }
      byte type = parsed.getLinkFlag();
      long size = parsed.getSize();
      long at = offset;
      if (isExtension(type)) {
        if (size > MAX_EXTENSION_BYTES) {
          throw new TarProblem(
              "extended header at offset "
                  + at
                  + " holds "
                  + size
                  + " bytes, more than "
                  + MAX_EXTENSION_BYTES);
        }
        byte[] content = readWhole(TarEntry.show(parsed.getName()), size);
        switch (type) {
          case TarConstants.LF_PAX_EXTENDED_HEADER_LC -> pax.parse(content, at);
          case TarConstants.LF_GNUTYPE_LONGNAME -> gnuName = cString(content);
          case TarConstants.LF_GNUTYPE_LONGLINK -> gnuLink = cString(content);
          default -> {} // a pax global header: docker's extraction ignores it, so do we
        }
        continue;
      }
      String name = pax.path != null ? pax.path : gnuName != null ? gnuName : parsed.getName();
      String link =
          pax.linkPath != null ? pax.linkPath : gnuLink != null ? gnuLink : parsed.getLinkName();
      size = pax.size >= 0 ? pax.size : size;
      TarEntry entry = new TarEntry(name, link == null ? "" : link, type, size, at);
      if (size > 0 && !entry.isFile()) {
        throw new TarProblem(
            "entry "
                + entry.shown()
                + " of type '"
                + (char) type
                + "' declares "
                + size
                + " bytes of content, which its type has none of");
      }
      start(entry.shown(), size);
      entries++;
      return entry;
    }
  }

  /** The current entry's content, up to its end; what is not read is skipped by {@link #next}. */
  InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] into, int from, int length) throws IOException {
        if (remaining == 0) {
          return -1;
        }
        int n = in.read(into, from, (int) Math.min(length, remaining));
        if (n < 0) {
          throw new EOFException();
        }
        remaining -= n;
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long skipped = in.skip(Math.min(Math.max(n, 0), remaining));
        remaining -= skipped;
        return skipped;
      }
    };
  }

  private void start(String shown, long size) throws TarProblem {
    long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
    offset += BLOCK;
    if (size < 0 || padded > archiveBytes - offset) {
      throw new TarProblem(
          "entry "
              + shown
              + " claims "
              + size
              + " bytes, more than the "
              + Math.max(0, archiveBytes - offset)
              + " left in the archive");
    }
    remaining = size;
    padding = padded - size;
    offset += padded;
  }

  private byte[] readWhole(String shown, long size) throws IOException, TarProblem {
    start(shown, size);
    byte[] content = in.readNBytes((int) size);
    if (content.length < size) {
      throw new EOFException();
    }
    remaining = 0;
    skipRest();
    return content;
  }

  private void skipRest() throws IOException {
    in.skipNBytes(remaining + padding);
    remaining = 0;
    padding = 0;
  }

  private static boolean isExtension(byte type) {
    return type == TarConstants.LF_PAX_EXTENDED_HEADER_LC
        || type == TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER
        || type == TarConstants.LF_GNUTYPE_LONGNAME
        || type == TarConstants.LF_GNUTYPE_LONGLINK;
  }

  /** Commons-compress's check (unsigned or signed byte sums); a checksum field not octal fails. */
  static boolean checksumMatches(byte[] header) {
    try {
      return TarUtils.verifyCheckSum(header);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Up to the first NUL, as Go reads a GNU long name. */
  private static String cString(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
