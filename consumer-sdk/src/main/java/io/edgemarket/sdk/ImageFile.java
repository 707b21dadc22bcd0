package io.edgemarket.sdk;

import io.edgemarket.model.api.ImageTar;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.crypto.Crypto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A container image tar on disk, checked before anything is uploaded: its size is within {@link
 * Limits#MAX_IMAGE_BYTES} and it passes the checks the broker makes ({@link ImageTar}: {@code
 * docker save} output with nothing hostile in it). Its digest is computed by streaming the file,
 * never reading it whole.
 */
record ImageFile(Path path, long size, String sha256) {
  private static final int CHUNK = 64 * 1024;

  /**
   * @throws IllegalArgumentException when the file is empty, too large, or not an image tar
   * @throws IOException when it cannot be read
   */
  static ImageFile inspect(Path path) throws IOException {
    long size = Files.size(path);
    if (size == 0 || size > Limits.MAX_IMAGE_BYTES) {
      throw new IllegalArgumentException(
          "image " + path + " must be 1.." + Limits.MAX_IMAGE_BYTES + " bytes, got " + size);
    }
    String problem;
    try (InputStream in = Files.newInputStream(path)) {
      problem = ImageTar.problem(in, size); // the broker's own check, so refusals come early
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          path + " is not a container image saved with docker save: " + problem);
    }
    return new ImageFile(path, size, sha256(path));
  }

  private static String sha256(Path path) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    byte[] chunk = new byte[CHUNK];
    try (InputStream in = Files.newInputStream(path)) {
      for (int n = in.read(chunk); n != -1; n = in.read(chunk)) {
        digest.update(chunk, 0, n);
      }
    }
    return Crypto.hex(digest.digest());
  }
}
