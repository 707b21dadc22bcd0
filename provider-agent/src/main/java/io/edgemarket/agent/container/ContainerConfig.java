package io.edgemarket.agent.container;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link ContainerSandbox}. Start from {@link #defaults()} and change what differs.
 *
 * @param dockerHost the engine's address: {@code unix:///path} or plain {@code tcp://host:port}
 * @param owner who the sandbox's containers belong to (the agent's id): every container is labelled
 *     with it, and containers left behind by an earlier sandbox of the same owner are removed when
 *     a new one opens; two live sandboxes must never share an owner
 * @param runtime the OCI runtime to run functions with, e.g. {@code runsc} for gVisor; null for the
 *     engine's default (runc)
 * @param user the user functions run as, {@code uid:gid}; null for the image's own user
 * @param warmPerImage the most containers kept created and started, waiting for their input, for
 *     each image and size in use; within it, as many as the most invocations of it that ran at once
 *     within the last half of the idle timeout, at least 1
 * @param idleTimeout how long an image may go unused before its warm containers are removed
 * @param pidsLimit the most processes and threads one function may have at once
 * @param tmpfsBytes size of the writable, non-executable {@code /tmp} each function gets
 * @param stderrTailBytes how much of a function's stderr is kept for the agent's log
 * @param cgroupRoot where the host's cgroups are mounted (v1's controllers or v2's unified tree),
 *     for CPU metering; null to meter wall-clock time instead
 */
public record ContainerConfig(
    String dockerHost,
    String owner,
    String runtime,
    String user,
    int warmPerImage,
    Duration idleTimeout,
    long pidsLimit,
    long tmpfsBytes,
    int stderrTailBytes,
    Path cgroupRoot) {

  public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

  public ContainerConfig {
    Objects.requireNonNull(dockerHost, "dockerHost");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (!dockerHost.startsWith("unix://") && !dockerHost.startsWith("tcp://")) {
      throw new IllegalArgumentException("dockerHost must be unix:// or tcp://: " + dockerHost);
    }
    if (owner.isBlank()) {
      throw new IllegalArgumentException("owner must not be blank");
    }
    if (runtime != null && !runtime.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("bad runtime name: " + runtime);
    }
    if (warmPerImage < 0 || pidsLimit < 1 || tmpfsBytes < 0 || stderrTailBytes < 0) {
      throw new IllegalArgumentException("pool size and limits must not be negative");
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
    }
  }

  /**
   * The local engine, owner {@code edgemarket}, runc, user nobody (65534), one warm container per
   * image, idle after 60 s, 64 processes, 16 MiB of /tmp, 4 KiB of stderr, cgroups under {@code
   * /sys/fs/cgroup}.
   */
  public static ContainerConfig defaults() {
    return new ContainerConfig(
        DEFAULT_DOCKER_HOST,
        "edgemarket",
        null,
        "65534:65534",
        1,
        Duration.ofSeconds(60),
        64,
        16L << 20,
        4096,
        Path.of("/sys/fs/cgroup"));
  }

  public ContainerConfig withDockerHost(String value) {
    return new ContainerConfig(
        value,
        owner,
        runtime,
        user,
        warmPerImage,
        idleTimeout,
        pidsLimit,
        tmpfsBytes,
        stderrTailBytes,
        cgroupRoot);
  }

  public ContainerConfig withOwner(String value) {
    return new ContainerConfig(
        dockerHost,
        value,
        runtime,
        user,
        warmPerImage,
        idleTimeout,
        pidsLimit,
        tmpfsBytes,
        stderrTailBytes,
        cgroupRoot);
  }

  public ContainerConfig withRuntime(String value) {
    return new ContainerConfig(
        dockerHost,
        owner,
        value,
        user,
        warmPerImage,
        idleTimeout,
        pidsLimit,
        tmpfsBytes,
        stderrTailBytes,
        cgroupRoot);
  }

  public ContainerConfig withUser(String value) {
    return new ContainerConfig(
        dockerHost,
        owner,
        runtime,
        value,
        warmPerImage,
        idleTimeout,
        pidsLimit,
        tmpfsBytes,
        stderrTailBytes,
        cgroupRoot);
  }

  public ContainerConfig withWarmPerImage(int value) {
    return new ContainerConfig(
        dockerHost,
        owner,
        runtime,
        user,
        value,
        idleTimeout,
        pidsLimit,
        tmpfsBytes,
        stderrTailBytes,
        cgroupRoot);
  }

  public ContainerConfig withIdleTimeout(Duration value) {
    return new ContainerConfig(
        dockerHost,
        owner,
        runtime,
        user,
        warmPerImage,
        value,
        pidsLimit,
        tmpfsBytes,
        stderrTailBytes,
        cgroupRoot);
  }

  public ContainerConfig withPidsLimit(long value) {
    return new ContainerConfig(
        dockerHost,
        owner,
        runtime,
        user,
        warmPerImage,
        idleTimeout,
        value,
        tmpfsBytes,
        stderrTailBytes,
        cgroupRoot);
  }

  public ContainerConfig withCgroupRoot(Path value) {
    return new ContainerConfig(
        dockerHost,
        owner,
        runtime,
        user,
        warmPerImage,
        idleTimeout,
        pidsLimit,
        tmpfsBytes,
        stderrTailBytes,
        value);
  }
}
