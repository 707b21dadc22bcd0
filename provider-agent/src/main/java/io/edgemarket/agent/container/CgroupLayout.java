package io.edgemarket.agent.container;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the engine puts a container created under a parent cgroup of ours, for each cgroup version
 * (1: a hierarchy per controller; 2: one unified hierarchy) and each cgroup driver of the engine
 * (cgroupfs: the parent is a path; systemd: the parent is a slice, and a slice named {@code
 * a-b-c.slice} lives at {@code a.slice/a-b.slice/a-b-c.slice}). Owner and token are hex, so they
 * never hold the {@code -} that would nest another slice.
 */
enum CgroupLayout {
  V1_CGROUPFS(1, false),
  V1_SYSTEMD(1, true),
  V2_CGROUPFS(2, false),
  V2_SYSTEMD(2, true);

  private final int version;
  private final boolean systemd;

  CgroupLayout(int version, boolean systemd) {
    this.version = version;
    this.systemd = systemd;
  }

  /** The layout of an engine that reports this cgroup version and driver; empty if unknown. */
  static Optional<CgroupLayout> of(String version, String driver) {
    for (CgroupLayout layout : values()) {
      if (String.valueOf(layout.version).equals(version)
          && (layout.systemd ? "systemd" : "cgroupfs").equals(driver)) {
        return Optional.of(layout);
      }
    }
    return Optional.empty();
  }

  boolean unified() {
    return version == 2;
  }

  /** The {@code --cgroup-parent} to create the container with {@code token} under. */
  String parentFor(String owner, String token) {
    return systemd
        ? "edgemarket-" + owner + "-" + token + ".slice"
        : "/edgemarket/" + owner + "/" + token;
  }

  /** The owner's cgroup, relative to a hierarchy's root: every token's parent is in it. */
  Path ownerDir(String owner) {
    return systemd
        ? Path.of("edgemarket.slice", "edgemarket-" + owner + ".slice")
        : Path.of("edgemarket", owner);
  }

  /** The parent cgroup of the container with {@code token}, relative to a hierarchy's root. */
  Path tokenDir(String owner, String token) {
    return ownerDir(owner)
        .resolve(systemd ? "edgemarket-" + owner + "-" + token + ".slice" : token);
  }
}
