package io.edgemarket.agent.container;

import com.github.dockerjava.api.model.Info;
import io.edgemarket.agent.sandbox.SandboxUsage;
import io.edgemarket.model.crypto.Crypto;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * CPU time and peak memory of finished containers, read from their cgroups. The engine removes a
 * container's own cgroup the moment it exits, so each container is created under a parent cgroup of
 * its own (see {@link CgroupLayout}): a parent's counters include its children's and outlive them,
 * so they can be read after the exit and the parent removed after that. Works on the engine's own
 * host, as root, with cgroup v1 ({@code cpuacct.usage}) or v2 ({@code cpu.stat}'s {@code
 * usage_usec}) and the cgroupfs or systemd driver. Under systemd the emptied slice is removed with
 * rmdir, as systemd itself would: it forgets a slice whose cgroup is gone.
 */
final class CgroupMeter {
  private final Path root;
  private final CgroupLayout layout;
  private final String owner;

  CgroupMeter(Path root, CgroupLayout layout, String owner) {
    this.root = root;
    this.layout = layout;
    // Hashed: owners are identities, which may hold characters a path or slice name must not.
    this.owner = Crypto.sha256Hex(owner).substring(0, 16);
  }

  /** A meter when this host's cgroups can be read and cleaned; empty to meter wall time. */
  static Optional<CgroupMeter> detect(ContainerConfig config, Info info) {
    Path root = config.cgroupRoot();
    if (root == null || !config.dockerHost().startsWith("unix://")) {
      return Optional.empty();
    }
    return CgroupLayout.of(info.getCGroupVersion(), info.getCGroupDriver())
        .filter(layout -> readable(root, layout))
        .map(layout -> new CgroupMeter(root, layout, config.owner()));
  }

  private static boolean readable(Path root, CgroupLayout layout) {
    Path hierarchy = layout.unified() ? root : root.resolve("cpuacct");
    String marker = layout.unified() ? "cgroup.controllers" : "cpuacct.usage";
    return Files.isReadable(hierarchy.resolve(marker)) && Files.isWritable(hierarchy);
  }

  CgroupLayout layout() {
    return layout;
  }

  /** The cgroup parent to create the container with {@code token} under. */
  String parentFor(String token) {
    return layout.parentFor(owner, token);
  }

  /**
   * The CPU microseconds the container has used so far, -1 when unreadable: read when a started
   * container is taken for a call, so that {@link #read} charges the call only for what follows.
   * Its peak memory starts over then too where the kernel allows it (v1).
   */
  long startCall(String token) {
    Path dir = layout.tokenDir(owner, token);
    if (layout.unified()) {
      return CgroupFiles.v2CpuMicros(root.resolve(dir).resolve("cpu.stat"));
    }
    try {
      // Writing 0 resets the high-water mark to the current usage; v2's memory.peak cannot be.
      Files.writeString(
          root.resolve("memory").resolve(dir).resolve("memory.max_usage_in_bytes"), "0");
    } catch (IOException e) {
      // The peak then covers the whole container; it is informational, not billed.
    }
    return CgroupFiles.v1CpuMicros(root.resolve("cpuacct").resolve(dir).resolve("cpuacct.usage"));
  }

  /** Fuel is CPU microseconds; what the function used, whether it ended well or not. */
  SandboxUsage read(String token, long wallNanos) {
    return read(token, wallNanos, 0);
  }

  /**
   * As {@link #read(String, long)}, less the {@code sinceCpuMicros} a container had used before its
   * call ({@link #startCall}; 0 for a container started for the call, negative if unknown).
   */
  SandboxUsage read(String token, long wallNanos, long sinceCpuMicros) {
    Path dir = layout.tokenDir(owner, token);
    long cpuMicros;
    long peak;
    if (layout.unified()) {
      cpuMicros = CgroupFiles.v2CpuMicros(root.resolve(dir).resolve("cpu.stat"));
      peak = CgroupFiles.number(root.resolve(dir).resolve("memory.peak"));
    } else {
      cpuMicros =
          CgroupFiles.v1CpuMicros(root.resolve("cpuacct").resolve(dir).resolve("cpuacct.usage"));
      peak =
          CgroupFiles.number(
              root.resolve("memory").resolve(dir).resolve("memory.max_usage_in_bytes"));
    }
    // Unreadable counters must not make a run free: fall back to wall time. An unknown start
    // charges the whole container, which overcharges by its start-up rather than undercharging.
    long fuel =
        cpuMicros < 0 ? wallNanos / 1000 : Math.max(0, cpuMicros - Math.max(0, sinceCpuMicros));
    return new SandboxUsage(fuel, Math.max(0, peak), wallNanos);
  }

  /**
   * How many processes the kernel has killed at the container's memory limit so far; -1 when that
   * cannot be read (then ask the engine). The kill is counted before the victim dies, so it is
   * there by the time a wrapper has seen its child end. v2's parent counts its children's kills
   * (memory.events is hierarchical); v1 counts them in the container's own cgroup only, below the
   * parent, which the engine removes once the container has stopped.
   */
  long oomKills(String token) {
    Path dir = layout.tokenDir(owner, token);
    if (layout.unified()) {
      return CgroupFiles.keyed(root.resolve(dir).resolve("memory.events"), "oom_kill");
    }
    long kills = -1;
    try (DirectoryStream<Path> children =
        Files.newDirectoryStream(root.resolve("memory").resolve(dir), Files::isDirectory)) {
      for (Path child : children) {
        long counted = CgroupFiles.keyed(child.resolve("memory.oom_control"), "oom_kill");
        if (counted >= 0) {
          kills = Math.max(0, kills) + counted;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return kills;
  }

  /** Removes a container's parent cgroup once the container is gone. */
  void release(String token) {
    forEachHierarchy(dir -> rmdir(dir.resolve(layout.tokenDir(owner, token))));
  }

  /** Removes every parent cgroup this owner left behind, say in a crash. */
  void sweep() {
    forEachHierarchy(
        dir -> {
          Path ownerDir = dir.resolve(layout.ownerDir(owner));
          if (Files.isDirectory(ownerDir)) {
            try (DirectoryStream<Path> children =
                Files.newDirectoryStream(ownerDir, Files::isDirectory)) {
              children.forEach(CgroupMeter::rmdir);
            } catch (IOException e) {
              // Left for the next sweep.
            }
          }
          rmdir(ownerDir);
        });
  }

  /** v2 has one hierarchy; v1 one per controller (the parent exists in each of them). */
  private void forEachHierarchy(Consumer<Path> action) {
    if (layout.unified()) {
      action.accept(root);
      return;
    }
    List<Path> controllers = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(root, Files::isDirectory)) {
      stream.forEach(controllers::add);
    } catch (IOException e) {
      // Nothing mounted there any more.
    }
    controllers.forEach(action);
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
}
