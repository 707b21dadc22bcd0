package io.edgemarket.model.api;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Checks that a stream is a container image as {@code docker save} writes it, and nothing that
 * could hurt whoever unpacks it: the one checker of the SDK (before uploading), the broker (before
 * storing) and the provider agent (before {@code docker load}). One pass over the archive:
 *
 * <ul>
 *   <li>the outer archive's entries ({@link ImageEntries}): relative names without {@code ..} or
 *       control characters, no duplicates, only files, directories and links that stay inside the
 *       archive, nothing under a symbolic link, at most {@link Limits#MAX_IMAGE_ENTRIES} entries
 *       with names of at most {@link Limits#MAX_IMAGE_NAME_BYTES} bytes, no entry larger than what
 *       is left of the archive's declared length;
 *   <li>{@code manifest.json} at the top level, at most {@link Limits#MAX_IMAGE_MANIFEST_BYTES}
 *       ({@link ImageManifest}): one image whose config and at most {@link Limits#MAX_IMAGE_LAYERS}
 *       layers are files in the archive;
 *   <li>contents ({@link EntryContent}): OCI blobs hash to their names, and uncompressed layer tars
 *       hold no path that leaves the layer ({@link LayerCheck}).
 * </ul>
 *
 * <p>Files that are neither blobs nor tars are skipped (on a file stream, a seek), so the cost is
 * one read of the layers and blobs, not of everything.
 */
public final class ImageTar {
  /**
   * The entry {@code docker save} writes at the top level, listing the image's config and layers.
   */
  public static final String MANIFEST = "manifest.json";

  private ImageTar() {}

  /**
   * What one pass over an archive found: why it is not an acceptable image tar (null when it is
   * one) and, when it is, the manifest's bytes.
   */
  public record Scan(String problem, byte[] manifest) {}

  /**
   * Reads {@code in}, an archive of {@code archiveBytes} bytes ({@link Long#MAX_VALUE} when not
   * known), up to its end; returns why it is not an acceptable image tar, or null. {@code in} is
   * not closed.
   */
  public static String problem(InputStream in, long archiveBytes) throws IOException {
    return scan(in, archiveBytes).problem();
  }

  /**
   * As {@link #problem}, also keeping the manifest. Contents not checked are skipped with {@code
   * skip}: a caller that must see every byte (to hash it) passes a stream whose skip reads.
   */
  public static Scan scan(InputStream in, long archiveBytes) throws IOException {
    TarReader reader = new TarReader(in, archiveBytes);
    ImageEntries entries = new ImageEntries();
    byte[] manifest = null;
    TarEntry entry = null;
    try {
      for (entry = reader.next(); entry != null; entry = reader.next()) {
        String name = entries.add(entry);
        if (!entry.isFile()) {
          continue;
        }
        if (MANIFEST.equals(name)) {
          if (entry.size() > Limits.MAX_IMAGE_MANIFEST_BYTES) {
            throw new TarProblem(
                MANIFEST + " is larger than " + Limits.MAX_IMAGE_MANIFEST_BYTES + " bytes");
          }
          manifest = reader.content().readNBytes((int) entry.size());
          if (manifest.length < entry.size()) {
            throw new EOFException();
          }
        } else {
          EntryContent.check(name, entry, reader.content());
        }
      }
      entries.finish();
      if (manifest == null) {
        throw new TarProblem(
            "a tar archive without " + MANIFEST + " at its top level (not written by docker save)");
      }
      ImageManifest.check(manifest, entries);
      return new Scan(null, manifest);
    } catch (EOFException e) {
      return new Scan(
          "not a tar archive (entry " + (entry == null ? "?" : entry.shown()) + " is truncated)",
          null);
    } catch (TarProblem e) {
      return new Scan(e.getMessage(), null);
    }
  }
}
