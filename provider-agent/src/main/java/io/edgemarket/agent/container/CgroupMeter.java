package io.edgemarket.agent.container;

import com.github.dockerjava.api.model.Info;
import io.edgemarket.agent.sandbox.SandboxUsage;
import io.edgemarket.model.crypto.Crypto;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * CPU time and peak memory of finished containers, read from cgroup v1. The engine removes a
 * container's own cgroup the moment it exits, so each container is created under a parent cgroup of
 * its own ({@code /edgemarket/<owner>/<token>}): a parent's counters include its children's and
 * outlive them, so they can be read after the exit and the parent removed after that. Works only on
 * the engine's own host, with cgroup v1 and the cgroupfs driver, and as root.
 */
final class CgroupMeter {
  private final Path root;
  private final String base;

  private CgroupMeter(Path root, String owner) {
    this.root = root;
    // Hashed: owners are identities, which may hold characters a path must not.
    this.base = "edgemarket/" + Crypto.sha256Hex(owner).substring(0, 16);
  }

  /** A meter when this host's cgroups can be read and cleaned; empty to meter wall time. */
  static Optional<CgroupMeter> detect(ContainerConfig config, Info info) {
    Path root = config.cgroupRoot();
    boolean usable =
        root != null
            && config.dockerHost().startsWith("unix://")
            && "cgroupfs".equals(info.getCGroupDriver())
            && "1".equals(info.getCGroupVersion())
            && Files.isReadable(root.resolve("cpuacct").resolve("cpuacct.usage"))
            && Files.isWritable(root.resolve("cpuacct"));
    return usable ? Optional.of(new CgroupMeter(root, config.owner())) : Optional.empty();
  }

  /** The cgroup parent to create the container with {@code token} under. */
  String parentFor(String token) {
    return "/" + base + "/" + token;
  }

  /** Fuel is CPU microseconds; what the function used, whether it ended well or not. */
  SandboxUsage read(String token, long wallNanos) {
    String parent = base + "/" + token;
    long cpuNanos = number(root.resolve("cpuacct").resolve(parent).resolve("cpuacct.usage"));
    long peak = number(root.resolve("memory").resolve(parent).resolve("memory.max_usage_in_bytes"));
    // Unreadable counters must not make a run free: fall back to wall time.
    return new SandboxUsage(
        (cpuNanos < 0 ? wallNanos : cpuNanos) / 1000, Math.max(0, peak), wallNanos);
  }

  /** Removes a container's parent cgroup once the container is gone. */
  void release(String token) {
    forEachController(dir -> rmdir(dir.resolve(base).resolve(token)));
  }

  /** Removes every parent cgroup this owner left behind, say in a crash. */
  void sweep() {
    forEachController(
        dir -> {
          Path owner = dir.resolve(base);
          if (Files.isDirectory(owner)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(owner)) {
              children.forEach(CgroupMeter::rmdir);
            } catch (IOException e) {
              // Left for the next sweep.
            }
          }
          rmdir(owner);
        });
  }

  private void forEachController(Consumer<Path> action) {
    try (DirectoryStream<Path> controllers = Files.newDirectoryStream(root)) {
      controllers.forEach(action);
    } catch (IOException e) {
      // Nothing mounted there any more.
    }
  }

  private static void rmdir(Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        Files.delete(dir);
      }
    } catch (IOException e) {
      // Busy or already gone; a sweep at the next start retries.
    }
  }

  private static long number(Path file) {
    try {
      return Long.parseLong(Files.readString(file).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
