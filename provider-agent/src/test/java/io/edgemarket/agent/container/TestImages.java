package io.edgemarket.agent.container;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds function images without a registry or a Dockerfile: one layer holding the static busybox
 * of this machine ({@code /bin/busybox}, from Debian's busybox-static) and links to its applets,
 * and a config whose entrypoint is the function, written straight in {@code docker save}'s format.
 * Every entry has a fixed time, so an image's digest depends only on busybox and the entrypoint.
 */
final class TestImages {
  static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final List<String> APPLETS =
      List.of("sh", "cat", "tr", "yes", "head", "id", "grep", "wget", "nc", "cp", "sleep", "true");

  private TestImages() {}

  /** An image tar in {@code dir} whose entrypoint is {@code entrypoint}; its digest is the name. */
  static Image build(Path dir, String... entrypoint) {
    return build(dir, List.of(), entrypoint);
  }

  /** The same, with tags that {@code docker load} would give the image. */
  static Image build(Path dir, List<String> repoTags, String... entrypoint) {
    try {
      byte[] layer = layer();
      String layerHex = Crypto.sha256Hex(layer);
      byte[] config =
          Json.bytes(
              Map.of(
                  "architecture",
                  architecture(),
                  "os",
                  "linux",
                  "config",
                  Map.of("Entrypoint", List.of(entrypoint), "Env", List.of("PATH=/bin")),
                  "rootfs",
                  Map.of("type", "layers", "diff_ids", List.of("sha256:" + layerHex))));
      String configHex = Crypto.sha256Hex(config);
      byte[] manifest =
          Json.bytes(
              List.of(
                  Map.of(
                      "Config",
                      configHex + ".json",
                      "RepoTags",
                      repoTags,
                      "Layers",
                      List.of(layerHex + "/layer.tar"))));
      ByteArrayOutputStream tar = new ByteArrayOutputStream();
      try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
        directory(out, layerHex + "/", 0755);
        file(out, layerHex + "/layer.tar", layer, 0644);
        file(out, configHex + ".json", config, 0644);
        file(out, "manifest.json", manifest, 0644);
      }
      byte[] bytes = tar.toByteArray();
      String digest = Crypto.sha256Hex(bytes);
      Path file = Files.write(dir.resolve(digest + ".tar"), bytes);
      return new Image(file, digest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A built image: the tar and its SHA-256. */
  record Image(Path tar, String digest) {
    byte[] bytes() throws IOException {
      return Files.readAllBytes(tar);
    }
  }

  private static byte[] layer() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      directory(out, "bin/", 0755);
      file(out, "bin/busybox", Files.readAllBytes(BUSYBOX), 0755);
      for (String applet : APPLETS) {
        TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("busybox");
        link.setModTime(0);
        out.putArchiveEntry(link);
        out.closeArchiveEntry();
      }
      directory(out, "tmp/", 01777);
    }
    return bytes.toByteArray();
  }

  private static void directory(TarArchiveOutputStream out, String name, int mode)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | mode);
    entry.setModTime(0);
    out.putArchiveEntry(entry);
    out.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream out, String name, byte[] content, int mode)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode);
    entry.setSize(content.length);
    entry.setModTime(0);
    out.putArchiveEntry(entry);
    ((OutputStream) out).write(content);
    out.closeArchiveEntry();
  }

  private static String architecture() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
  }
}
