package io.edgemarket.agent.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.json.Json;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the sandbox checks in an image tar before the engine sees it, in one pass over the file: its
 * SHA-256, and the tags its {@code manifest.json} would make {@code docker load} create. A load
 * moves any tag it names, so a tar naming a tag of the sandbox's repository could take over another
 * function's image; such tars are refused.
 */
final class ImageTar {
  private static final int BLOCK = 512;
  private static final int MAX_MANIFEST_BYTES = 1 << 20;

  private ImageTar() {}

  /** Checks {@code tar}; returns the tags its load will create (often none). */
  static List<String> check(Path tar, String digest, String reservedRepository)
      throws IOException, BadImageException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String manifest = null;
    String problem = null;
    try (InputStream in =
        new BufferedInputStream(
            new DigestInputStream(Files.newInputStream(tar), sha256), 1 << 16)) {
      try {
        manifest = findManifest(in);
      } catch (BadImageException e) {
        problem = e.getMessage(); // reported after the digest, which says more when it differs
      }
      in.transferTo(OutputStream.nullOutputStream());
    }
    String actual = Crypto.hex(sha256.digest());
    if (!actual.equals(digest)) {
      throw new BadImageException("image tar hashes to " + actual + ", expected " + digest);
    }
    if (problem != null) {
      throw new BadImageException(problem);
    }
    if (manifest == null) {
      throw new BadImageException("not an image tar from docker save: no manifest.json");
    }
    return tags(manifest, reservedRepository);
  }

  private static List<String> tags(String manifest, String reservedRepository)
      throws BadImageException {
    JsonNode images;
    try {
      images = Json.tree(manifest);
    } catch (RuntimeException e) {
      throw new BadImageException("manifest.json is not JSON");
    }
    if (!images.isArray() || images.size() != 1) {
      throw new BadImageException("an image tar must hold exactly one image");
    }
    List<String> tags = new ArrayList<>();
    for (JsonNode tag : images.get(0).path("RepoTags")) {
      String name = tag.asText();
      String repository = repositoryOf(name);
      if (repository.equals(reservedRepository) || repository.endsWith("/" + reservedRepository)) {
        throw new BadImageException("the image claims the reserved tag " + name);
      }
      tags.add(name);
    }
    return tags;
  }

  /** {@code registry:5000/team/app} of {@code registry:5000/team/app:tag}. */
  static String repositoryOf(String tag) {
    int colon = tag.lastIndexOf(':');
    return colon > tag.lastIndexOf('/') ? tag.substring(0, colon) : tag;
  }

  /** Reads tar entries until {@code manifest.json}; null if the archive ends without one. */
  private static String findManifest(InputStream in) throws IOException, BadImageException {
    try {
      return scan(in);
    } catch (EOFException e) {
      return null;
    }
  }

  private static String scan(InputStream in) throws IOException, BadImageException {
    byte[] header = new byte[BLOCK];
    while (in.readNBytes(header, 0, BLOCK) == BLOCK && header[0] != 0) {
      String name = text(header, 0, 100);
      long size = octal(header, 124, 12);
      long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
      if (name.equals("manifest.json") || name.equals("./manifest.json")) {
        if (size > MAX_MANIFEST_BYTES) {
          throw new BadImageException("manifest.json is larger than 1 MiB");
        }
        byte[] body = in.readNBytes((int) size);
        discard(in, padded - size);
        return new String(body, StandardCharsets.UTF_8);
      }
      discard(in, padded);
    }
    return null;
  }

  /** Reads past {@code n} bytes: skipping would seek, and the skipped bytes must be hashed too. */
  private static void discard(InputStream in, long n) throws IOException {
    byte[] scratch = new byte[8192];
    for (long left = n; left > 0; ) {
      int read = in.read(scratch, 0, (int) Math.min(left, scratch.length));
      if (read < 0) {
        throw new EOFException();
      }
      left -= read;
    }
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }

  private static long octal(byte[] header, int offset, int length) throws BadImageException {
    String digits = text(header, offset, length).trim();
    try {
      return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    } catch (NumberFormatException e) {
      throw new BadImageException("not an image tar from docker save: not a tar archive");
    }
  }
}
