package io.edgemarket.model.api;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Recognises a container image as {@code docker save} writes it: a tar archive with {@code
 * manifest.json} at its top level. Only the 512-byte headers are read; entry contents are skipped
 * (on a file stream, skipping seeks), so checking a 512 MiB image costs a few kilobytes. This is a
 * plausibility check shared by the SDK (before uploading) and the broker (before storing), not a
 * full image validation: the provider's {@code docker load} remains the judge.
 */
public final class ImageTar {
  /**
   * The entry {@code docker save} writes at the top level, listing the image's config and layers.
   */
  public static final String MANIFEST = "manifest.json";

  private static final int BLOCK = 512;

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
      if (allZero(header)) {
        in.readNBytes(header, 0, BLOCK); // the end-of-archive marker is two zero blocks
        break;
      }
      if (!checksumMatches(header)) {
        return new Scan("not a tar archive (bad header checksum at offset " + offset + ")", null);
      }
      long size = size(header);
      if (size < 0) {
        return new Scan("not a tar archive (bad entry size at offset " + offset + ")", null);
      }
      char type = (char) header[156];
      String name = longName != null ? longName : name(header);
      longName = null;
      long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
      try {
        if ((type == 'x' || type == 'L') && size <= MAX_NAME_ENTRY) {
          byte[] content = in.readNBytes((int) size);
          if (content.length < size) {
            throw new EOFException();
          }
          in.skipNBytes(padded - size);
          longName = type == 'L' ? cString(content, 0, content.length) : paxPath(content);
        } else if ((type == '0' || type == '\0') && MANIFEST.equals(strip(name))) {
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

  private static boolean allZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** The header checksum: the byte sum with the checksum field itself counted as spaces. */
  private static boolean checksumMatches(byte[] header) {
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
    }
    return octal(header, 148, 8) == sum;
  }

  /** Octal, or GNU base-256 when the top bit of the first byte is set; -1 when malformed. */
  private static long size(byte[] header) {
    if ((header[124] & 0x80) != 0) {
      long value = 0;
      for (int i = 125; i < 136; i++) {
        if (value > (Long.MAX_VALUE >> 8)) {
          return -1;
        }
        value = (value << 8) | (header[i] & 0xff);
      }
      return value;
    }
    return octal(header, 124, 12);
  }

  private static long octal(byte[] header, int from, int length) {
    long value = 0;
    boolean digits = false;
    for (int i = from; i < from + length; i++) {
      byte b = header[i];
      if (b >= '0' && b <= '7') {
        value = value * 8 + (b - '0');
        digits = true;
      } else if (b == 0 || b == ' ') {
        if (digits) {
          break;
        }
      } else {
        return -1;
      }
    }
    return digits ? value : -1;
  }

  private static String name(byte[] header) {
    String name = cString(header, 0, 100);
    boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't';
    String prefix = ustar ? cString(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String cString(byte[] bytes, int from, int length) {
    int end = from;
    while (end < from + length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, from, end - from, StandardCharsets.UTF_8);
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
