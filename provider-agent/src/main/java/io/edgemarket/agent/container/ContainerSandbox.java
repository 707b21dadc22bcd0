package io.edgemarket.agent.container;

import com.github.dockerjava.api.model.Info;
import io.edgemarket.agent.sandbox.Execution;
import io.edgemarket.agent.sandbox.WarmCapacity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs functions packaged as OCI images in containers of a Docker engine, one fresh container per
 * invocation, under {@link ContainerLimits}: no network, no capabilities, a read-only root, capped
 * memory (no swap), CPU and processes (see the package documentation for why). Containers are
 * created and started ahead of use per image and size, attached, their entrypoint blocked reading
 * stdin; an invocation only writes its input, closes stdin and reads the output until the exit,
 * which takes creating and starting off its path. Each container still serves one invocation and is
 * removed after it. As many are kept started as the most invocations of that image and size that
 * ran at once lately (at least 1, at most {@link ContainerConfig#warmPerImage()}); after {@link
 * ContainerConfig#idleTimeout()} without use an image's warm containers are removed. Thread-safe.
 *
 * <p>A misbehaving function never throws: it yields an {@link Execution} with status
 * FUNCTION_ERROR, as in the Wasm sandbox. {@link EngineException} means the engine failed the
 * sandbox. Fuel is the CPU time the container used, in microseconds, when the host's cgroups can be
 * read ({@link #metersCpu()}), else its wall-clock time; either way it varies from run to run,
 * unlike the Wasm sandbox's instruction count.
 */
public final class ContainerSandbox implements AutoCloseable {
  /** Every container the sandbox creates carries this label, its value the owner. */
  public static final String LABEL = "io.edgemarket.sandbox";

  private static final Logger LOG = LoggerFactory.getLogger(ContainerSandbox.class);
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

  private final Engine engine;
  private final ImageLoader loader;
  private final Containers containers;
  private final Map<String, String> images = new ConcurrentHashMap<>();
  private final Map<String, Object> loading = new ConcurrentHashMap<>();

  private ContainerSandbox(Engine engine, Containers containers) {
    this.engine = engine;
    this.loader = new ImageLoader(engine);
    this.containers = containers;
  }

  /**
   * Connects to the engine, checks it can run what the config asks for, and removes containers an
   * earlier sandbox of the same owner left behind.
   */
  public static ContainerSandbox open(ContainerConfig config) throws EngineException {
    return open(config, Wrapper.HOST_BUSYBOX);
  }

  /** As {@link #open(ContainerConfig)}, with the static busybox at {@code busybox}, if any. */
  static ContainerSandbox open(ContainerConfig config, Path busybox) throws EngineException {
    Engine engine = new Engine(config.dockerHost());
    try {
      Info info = engine.info();
      if (config.runtime() != null
          && (info.getRuntimes() == null || !info.getRuntimes().containsKey(config.runtime()))) {
        throw new EngineException("the engine has no runtime " + config.runtime(), null);
      }
      Optional<Wrapper> wrapper = Wrapper.detect(config, busybox);
      if (wrapper.isPresent()) {
        LOG.info(
            "container exits are reported in-band by {} (a static busybox), not awaited from the"
                + " engine",
            wrapper.get().busybox());
      } else {
        LOG.info(
            "no static busybox at {} (Debian: busybox-static) or a remote engine: container"
                + " exits are awaited from the engine, which adds its exit handling to every call",
            busybox);
      }
      Containers containers =
          new Containers(engine, config, CgroupMeter.detect(config, info), wrapper);
      containers.removeLeftovers();
      return new ContainerSandbox(engine, containers);
    } catch (EngineException | RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  /**
   * Makes the image in {@code tar} runnable as {@code digest}: checks the file hashes to it and is
   * a single-image {@code docker save} tar, loads and tags it. Does nothing if it is loaded.
   *
   * @return the engine's image id
   */
  public String load(Path tar, String digest)
      throws EngineException, BadImageException, IOException {
    requireDigest(digest);
    synchronized (loading.computeIfAbsent(digest, d -> new Object())) {
      Optional<String> known = imageFor(digest);
      if (known.isPresent()) {
        return known.get();
      }
      String id = loader.load(tar, digest);
      images.put(digest, id);
      return id;
    }
  }

  /** The image loaded for {@code digest}, asking the engine if this sandbox has not loaded it. */
  public Optional<String> imageFor(String digest) throws EngineException {
    requireDigest(digest);
    String known = images.get(digest);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<String> found = loader.find(digest);
    found.ifPresent(id -> images.put(digest, id));
    return found;
  }

  /**
   * Runs the image loaded for {@code digest} once, {@code input} on its stdin, and blocks until it
   * ends.
   *
   * @throws EngineException if no such image is loaded or the engine fails
   * @throws InterruptedException if the caller is interrupted; the container is then removed
   */
  public Execution run(String digest, byte[] input, ContainerLimits limits)
      throws EngineException, InterruptedException {
    String image =
        imageFor(digest)
            .orElseThrow(() -> new EngineException("no image is loaded for " + digest, null));
    return containers.run(PoolKey.of(image, limits), input, limits);
  }

  /** Invocations that found a warm container. */
  public long warmStarts() {
    return containers.warmStarts();
  }

  /** Invocations that had to create their container first. */
  public long coldStarts() {
    return containers.coldStarts();
  }

  /**
   * Warm containers found stopped when an invocation came for them (killed or removed from outside,
   * or an entrypoint that ended without reading stdin), removed unused.
   */
  public long staleStarts() {
    return containers.staleStarts();
  }

  /** Invocations answered at their wrapper's trailer (see the package's "Exit in-band"). */
  long inBandExits() {
    return containers.inBandExits();
  }

  /** Warm containers waiting for {@code digest}'s image, all sizes. */
  public int warmContainers(String digest) {
    String image = images.get(digest);
    return image == null ? 0 : containers.warm(image);
  }

  /** Warm containers and what recent demand asks for, over every image and size in use. */
  public WarmCapacity warmCapacity() {
    return containers.capacity();
  }

  /** True when fuel is CPU time read from cgroups; false when it is wall-clock time. */
  public boolean metersCpu() {
    return containers.metersCpu();
  }

  /** Removes every container this sandbox created, running ones included. Never throws. */
  @Override
  public void close() {
    containers.close();
    engine.close();
  }

  private static void requireDigest(String digest) {
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("not a lower-case hex SHA-256: " + digest);
    }
  }
}
