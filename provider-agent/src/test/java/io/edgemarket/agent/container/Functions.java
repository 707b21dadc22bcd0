package io.edgemarket.agent.container;

import io.edgemarket.agent.container.TestImages.Image;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** The test functions, each an image built once per test run, and helpers around the engine. */
final class Functions {
  static final Path DIR = tempDir();
  static final Image CAT = TestImages.build(DIR, "/bin/cat");
  static final Image UPPER = TestImages.build(DIR, "/bin/tr", "a-z", "A-Z");
  static final Image IDENTITY =
      TestImages.build(DIR, "/bin/sh", "-c", "id -u; id -g; grep CapEff /proc/self/status");
  static final Image LOOP = TestImages.build(DIR, "/bin/sh", "-c", "while :; do :; done");
  static final Image MEMORY_BOMB =
      TestImages.build(DIR, "/bin/sh", "-c", "x=0123456789abcdef; while :; do x=$x$x; done");
  static final Image FORK_BOMB =
      TestImages.build(DIR, "/bin/sh", "-c", "f() { f | f & }; f; wait; sleep 30");
  static final Image NETWORK =
      TestImages.build(
          DIR,
          "/bin/sh",
          "-c",
          "read host port; wget -q -T 2 -O - http://1.1.1.1/ && echo CONNECTED;"
              + " echo hi | nc -w 2 $host $port && echo CONNECTED; echo done");
  static final Image WRITER =
      TestImages.build(
          DIR,
          "/bin/sh",
          "-c",
          "{ echo x > /evil; } 2>&1; { echo x > /bin/evil; } 2>&1;"
              + " echo x > /tmp/ok && echo tmp-ok;"
              + " cp /bin/busybox /tmp/b && { /tmp/b true 2>/dev/null || echo noexec; }");
  static final Image YES = TestImages.build(DIR, "/bin/yes");
  static final Image LOGGER =
      TestImages.build(
          DIR,
          "/bin/sh",
          "-c",
          "echo starting >&2; cat; head -c $((1024 * 1024)) /dev/zero | tr '\\0' e >&2");
  static final Image EXIT_3 = TestImages.build(DIR, "/bin/sh", "-c", "echo partial; exit 3");
  static final Image MISSING_ENTRYPOINT = TestImages.build(DIR, "/bin/nope");
  // For warm containers: each blocks reading stdin first, as a started-ahead container waits.
  static final Image WHOAMI =
      TestImages.build(
          DIR,
          "/bin/sh",
          "-c",
          "cat; echo; cat /etc/hostname; [ -e /tmp/mark ] && echo seen-mark; echo x > /tmp/mark");
  static final Image SPIN_AFTER_READ =
      TestImages.build(DIR, "/bin/sh", "-c", "read x; while :; do :; done");
  static final Image BOMB_AFTER_READ =
      TestImages.build(
          DIR, "/bin/sh", "-c", "read x; x=0123456789abcdef; while :; do x=$x$x; done");
  static final Image WORK_BEFORE_READ =
      TestImages.build(
          DIR, "/bin/sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; cat");

  static final ContainerLimits LIMITS =
      new ContainerLimits(64L << 20, 1000, Duration.ofSeconds(20), 1 << 20);

  private Functions() {}

  /** A config for a sandbox of its own: owner names are unique, so tests never share containers. */
  static ContainerConfig config() {
    return ContainerConfig.defaults()
        .withDockerHost(RequiresDocker.HOST)
        .withOwner("edgemarket-test-" + UUID.randomUUID());
  }

  static ContainerSandbox open(ContainerConfig config, Image... images) throws Exception {
    ContainerSandbox sandbox = ContainerSandbox.open(config);
    for (Image image : images) {
      sandbox.load(image.tar(), image.digest());
    }
    return sandbox;
  }

  /** Containers, in any state, labelled for {@code owner}: what {@code docker ps -a} lists. */
  static List<String> labelled(String owner) throws EngineException {
    try (Engine engine = new Engine(RequiresDocker.HOST)) {
      return engine.containersLabelled(ContainerSandbox.LABEL, owner);
    }
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("edgemarket-images-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
