package io.edgemarket.agent.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.api.ImageTar;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.json.Json;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
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
 * SHA-256, model's {@link ImageTar} checks (the broker ran them at upload, but an agent trusts no
 * tar it did not check: a broker may be older, compromised or its disk damaged), and the tags its
 * {@code manifest.json} would make {@code docker load} create. A load moves any tag it names, so a
 * tar naming a tag of the sandbox's repository could take over another function's image; such tars
 * are refused.
 */
final class ImageTarCheck {
  private ImageTarCheck() {}

  /** Checks {@code tar}; returns the tags its load will create (often none). */
  static List<String> check(Path tar, String digest, String reservedRepository)
      throws IOException, BadImageException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ImageTar.Scan scan;
    try (InputStream in =
        new ReadingSkips(
            new BufferedInputStream(
                new DigestInputStream(Files.newInputStream(tar), sha256), 1 << 16))) {
      scan = ImageTar.scan(in, Files.size(tar));
      in.transferTo(OutputStream.nullOutputStream());
    }
    // The digest first: when it differs, it says more than whatever the scan found.
    String actual = Crypto.hex(sha256.digest());
    if (!actual.equals(digest)) {
      throw new BadImageException("image tar hashes to " + actual + ", expected " + digest);
    }
    if (scan.problem() != null) {
      throw new BadImageException("not an image tar from docker save: " + scan.problem());
    }
    return tags(new String(scan.manifest(), StandardCharsets.UTF_8), reservedRepository);
  }

  /** Skipping must read: the skipped bytes are hashed too. */
  private static final class ReadingSkips extends FilterInputStream {
    ReadingSkips(InputStream in) {
      super(in);
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] scratch = new byte[8192];
      long skipped = 0;
      while (skipped < n) {
        int read = in.read(scratch, 0, (int) Math.min(n - skipped, scratch.length));
        if (read < 0) {
          break;
        }
        skipped += read;
      }
      return skipped;
    }
  }

  private static List<String> tags(String manifest, String reservedRepository)
      throws BadImageException {
    JsonNode images;
    try {
      images = Json.tree(manifest);
    } catch (RuntimeException e) {
      throw new BadImageException("manifest.json is not JSON");
    }
    // ImageTar made sure it is an array of exactly one image.
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
}
