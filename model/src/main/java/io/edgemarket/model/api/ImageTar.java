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
 * Recognises a container image as {@code docker save} writes it: a tar archive with {@code
 * manifest.json} at its top level. Only the 512-byte headers are read; entry contents are skipped
 * (on a file stream, skipping seeks), so checking a 512 MiB image costs a few kilobytes. This is a
 * plausibility check shared by the SDK (before uploading) and the broker (before storing), not a
 * full image validation: the provider's {@code docker load} remains the judge.
 *
 * <p>Each header is parsed by commons-compress ({@link TarArchiveEntry}: checksum, octal and GNU
 * base-256 numbers, ustar name prefixes, type flags). The walk from header to header stays here
 * because {@code TarArchiveInputStream} skips an entry by reading every byte of it, which would
 * turn this check into a full read of the image.
 */
public final class ImageTar {
  /**
   * The entry {@code docker save} writes at the top level, listing the image's config and layers.
   */
  public static final String MANIFEST = "manifest.json";

  private static final int BLOCK = 512;

  private static final ZipEncoding NAMES = ZipEncodingHelper.getZipEncoding(StandardCharsets.UTF_8);

  /** Pax and GNU long-name entries above this are not names we care about; they are skipped. */
  private static final int MAX_NAME_ENTRY = 64 * 1024;

  private ImageTar() {}

  /**
   * What one pass over an archive found: why it is not an image tar (null when it is one) and, when
   * asked for, the manifest's bytes.
   */
  public record Scan(String problem, byte[] manifest) {}

  /**
   * Reads {@code in} up to the end of the archive; returns why it is not an image tar, or null when
   * it is one. {@code in} is not closed.
   */
  public static String problem(InputStream in) throws IOException {
    return scan(in, 0).problem();
  }

  /**
   * As {@link #problem}, also keeping the manifest when it is at most {@code maxManifestBytes} (a
   * larger one is a problem; 0 keeps none). Entry contents are skipped with {@code skip}: a caller
   * that must see every byte (to hash it) passes a stream whose skip reads.
   */
  public static Scan scan(InputStream in, int maxManifestBytes) throws IOException {
    byte[] header = new byte[BLOCK];
    long offset = 0;
    int entries = 0;
    boolean manifest = false;
    byte[] manifestBytes = null;
    String longName = null;
    while (true) {
      int read = in.readNBytes(header, 0, BLOCK);
      if (read == 0 && entries > 0) {
        break; // some writers omit the end-of-archive blocks; the entries read were whole
      }
      if (read < BLOCK) {
        return new Scan(
            "not a tar archive (" + (read == 0 ? "empty" : "truncated header") + ")", null);
      }
      if (ArchiveUtils.isArrayZero(header, BLOCK)) {
        in.readNBytes(header, 0, BLOCK); // the end-of-archive marker is two zero blocks
        break;
      }
      if (!checksumMatches(header)) {
        return new Scan("not a tar archive (bad header checksum at offset " + offset + ")", null);
      }
      TarArchiveEntry entry;
      try {
        // Lenient: only the size (octal or GNU base-256) must parse; modes and times may not.
        entry = new TarArchiveEntry(header, NAMES, true);
      } catch (IOException | IllegalArgumentException e) {
        return new Scan("not a tar archive (bad entry size at offset " + offset + ")", null);
      }
      long size = entry.getSize();
      String name = longName != null ? longName : entry.getName();
      longName = null;
      long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
      try {
        if ((entry.isPaxHeader() || entry.isGNULongNameEntry()) && size <= MAX_NAME_ENTRY) {
          byte[] content = in.readNBytes((int) size);
          if (content.length < size) {
            throw new EOFException();
          }
          in.skipNBytes(padded - size);
          longName = entry.isGNULongNameEntry() ? cString(content) : paxPath(content);
        } else if (isFile(entry) && MANIFEST.equals(strip(name))) {
          manifest = true;
          if (maxManifestBytes > 0) {
            if (size > maxManifestBytes) {
              return new Scan(MANIFEST + " is larger than " + maxManifestBytes + " bytes", null);
            }
            manifestBytes = in.readNBytes((int) size);
            if (manifestBytes.length < size) {
              throw new EOFException();
            }
            in.skipNBytes(padded - size);
          } else {
            in.skipNBytes(padded);
          }
        } else {
          in.skipNBytes(padded);
        }
      } catch (EOFException e) {
        return new Scan("not a tar archive (entry " + name + " is truncated)", null);
      }
      entries++;
      offset += BLOCK + padded;
    }
    return manifest
        ? new Scan(null, manifestBytes)
        : new Scan(
            "a tar archive without " + MANIFEST + " at its top level (not written by docker save)",
            null);
  }

  /** Commons-compress's check (unsigned or signed byte sums); a checksum field not octal fails. */
  private static boolean checksumMatches(byte[] header) {
    try {
      return TarUtils.verifyCheckSum(header);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A regular file by its type flag alone (commons' {@code isFile} also admits unknown types). */
  private static boolean isFile(TarArchiveEntry entry) {
    byte type = entry.getLinkFlag();
    return type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM;
  }

  private static String cString(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }

  /** The {@code path} record of a pax extended header ({@code "LEN path=VALUE\n"}), or null. */
  private static String paxPath(byte[] content) {
    for (String record : new String(content, StandardCharsets.UTF_8).split("\n")) {
      int space = record.indexOf(' ');
      if (space > 0 && record.startsWith("path=", space + 1)) {
        return record.substring(space + 6);
      }
    }
    return null;
  }

  private static String strip(String name) {
    return name.startsWith("./") ? name.substring(2) : name;
  }
}
