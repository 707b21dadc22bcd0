package io.edgemarket.agent.container;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import io.edgemarket.agent.sandbox.Execution;
import io.edgemarket.agent.sandbox.WarmCapacity;
import io.edgemarket.model.crypto.Crypto;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containers of one sandbox: created with the isolation settings, started ahead (as many per
 * image and size as its recent demand asks for, see {@link ContainerPool}) and kept waiting for
 * their input, each used once, removed. Creating, starting, replenishing, trimming and removing
 * happen on one housekeeping thread, so that no invocation waits for them; deadlines are kept by
 * another thread, so that housekeeping never delays a kill.
 */
final class Containers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Containers.class);
  private static final AtomicInteger SANDBOXES = new AtomicInteger();
  // An image whose started containers stop before their call this many times in a row does not
  // wait for stdin (or keeps being killed): starting it ahead only doubles the engine's work.
  private static final int STOPPED_EARLY_LIMIT = 2;

  private final Engine engine;
  private final ContainerConfig config;
  private final Optional<CgroupMeter> meter;
  private final Optional<Wrapper> wrapper;
  private final Map<String, Wrapper.ImageCommand> commands = new ConcurrentHashMap<>();
  private final ContainerPool pool;
  private final Set<Pooled> live = ConcurrentHashMap.newKeySet();
  private final Map<PoolKey, Integer> stoppedEarly = new ConcurrentHashMap<>();
  private final ScheduledExecutorService housekeeping;
  private final ScheduledExecutorService watchdog;
  private final ExecutorService feeders;
  private final ContainerRun runner;
  private final AtomicLong warmStarts = new AtomicLong();
  private final AtomicLong coldStarts = new AtomicLong();
  private final AtomicLong staleStarts = new AtomicLong();
  private volatile boolean closed;

  Containers(
      Engine engine,
      ContainerConfig config,
      Optional<CgroupMeter> meter,
      Optional<Wrapper> wrapper) {
    this.engine = engine;
    this.config = config;
    this.meter = meter;
    this.wrapper = wrapper;
    this.pool = new ContainerPool(config.warmPerImage(), config.idleTimeout().toMillis());
    String name = "container-sandbox-" + SANDBOXES.incrementAndGet();
    this.housekeeping = Executors.newSingleThreadScheduledExecutor(daemons(name + "-housekeeping"));
    this.watchdog = Executors.newSingleThreadScheduledExecutor(daemons(name + "-watchdog"));
    this.feeders = Executors.newCachedThreadPool(daemons(name + "-stdin"));
    this.runner = new ContainerRun(engine, watchdog, feeders, meter, config.stderrTailBytes());
    long idle = config.idleTimeout().toMillis();
    long every = Math.max(50, Math.min(idle / 4, 5_000));
    housekeeping.scheduleWithFixedDelay(this::evictIdle, every, every, TimeUnit.MILLISECONDS);
  }

  Execution run(PoolKey key, byte[] input, ContainerLimits limits)
      throws EngineException, InterruptedException {
    pool.started(key, System.currentTimeMillis());
    try {
      Pooled container = takeRunning(key);
      boolean started = container != null;
      if (started) {
        warmStarts.incrementAndGet();
      } else {
        container = create(key);
        coldStarts.incrementAndGet();
      }
      try {
        return runner.run(container, started, input, limits);
      } finally {
        Pooled used = container;
        housekeep(
            () -> {
              replenish(key); // first: the next invocation waits for this, nobody for the removal
              remove(used);
            });
      }
    } finally {
      pool.ended(key, System.currentTimeMillis()); // idleness counts from here
    }
  }

  /**
   * A started container of {@code key} that is still waiting for its input, or null. One the engine
   * reports stopped before its call (killed or removed by someone else, out of memory, or an
   * entrypoint that exits without reading stdin) is not used: what it did was not this call's
   * doing, so it is removed and the call takes another or starts its own.
   */
  private Pooled takeRunning(PoolKey key) {
    Pooled container;
    while ((container = pool.take(key)) != null) {
      if (!container.exit().exited()) {
        stoppedEarly.remove(key);
        return container;
      }
      staleStarts.incrementAndGet();
      stoppedEarly.merge(key, 1, Integer::sum);
      LOG.info("warm container {} stopped before its call; not used", container.id());
      Pooled stale = container;
      housekeep(() -> remove(stale));
    }
    return null;
  }

  /** Removes containers an earlier sandbox of this owner left behind, and their cgroups. */
  void removeLeftovers() throws EngineException {
    for (String id : engine.containersLabelled(ContainerSandbox.LABEL, config.owner())) {
      LOG.info("removing container {} left behind by an earlier sandbox", id);
      engine.remove(id);
    }
    meter.ifPresent(CgroupMeter::sweep);
  }

  long warmStarts() {
    return warmStarts.get();
  }

  long coldStarts() {
    return coldStarts.get();
  }

  long inBandExits() {
    return runner.inBandExits();
  }

  long staleStarts() {
    return staleStarts.get();
  }

  int warm(String imageId) {
    return pool.warm(imageId);
  }

  WarmCapacity capacity() {
    return pool.capacity(System.currentTimeMillis());
  }

  boolean metersCpu() {
    return meter.isPresent();
  }

  private Pooled create(PoolKey key) throws EngineException {
    String token = Crypto.randomHex(8);
    HostConfig host =
        HostConfig.newHostConfig()
            .withNetworkMode("none")
            .withMemory(key.memoryBytes())
            .withMemorySwap(key.memoryBytes())
            .withNanoCPUs(key.cpuMillis() * 1_000_000L)
            .withPidsLimit(config.pidsLimit())
            .withReadonlyRootfs(true)
            .withTmpFs(Map.of("/tmp", "rw,noexec,nosuid,nodev,size=" + config.tmpfsBytes()))
            .withCapDrop(Capability.ALL)
            .withSecurityOpts(List.of("no-new-privileges"))
            .withUlimits(List.of(new Ulimit("nofile", 256L, 256L)))
            .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE))
            .withRuntime(config.runtime())
            .withCgroupParent(meter.map(m -> m.parentFor(token)).orElse(null));
    Map<String, String> labels = Map.of(ContainerSandbox.LABEL, config.owner());
    Wrapper.Command command = null;
    String nonce = null;
    if (wrapper.isPresent()) {
      nonce = Crypto.randomHex(16);
      command = wrapper.get().wrap(imageCommand(key.imageId()), nonce).orElse(null);
      if (command == null) {
        nonce = null; // no command to wrap: the engine refuses the image as before
      } else {
        host.withBinds(wrapper.get().bind());
      }
    }
    String id =
        engine.create(key.imageId(), "edgemarket-" + token, labels, config.user(), command, host);
    Pooled created;
    Attach attach = null;
    try {
      // Attached before it starts, so no output is lost; its exit awaited before it can happen.
      attach = engine.attach(id);
      created = new Pooled(id, token, key, attach, engine.exitWait(id), nonce);
    } catch (EngineException | RuntimeException e) {
      removeQuietly(id, token);
      if (attach != null) {
        attach.close();
      }
      throw e;
    }
    live.add(created);
    if (closed) {
      remove(created);
      throw new EngineException("the sandbox is closed", null);
    }
    return created;
  }

  /** What an image runs, asked of the engine once per image (an image id names fixed content). */
  private Wrapper.ImageCommand imageCommand(String imageId) throws EngineException {
    Wrapper.ImageCommand known = commands.get(imageId);
    if (known == null) {
      known = engine.imageCommand(imageId);
      commands.put(imageId, known);
    }
    return known;
  }

  /**
   * A container started ahead for {@code key}: its entrypoint runs up to its first read of stdin
   * and blocks there until a call writes its input. Null when the image cannot start; the call then
   * starts its own container and reports why.
   */
  private Pooled createStarted(PoolKey key) throws EngineException {
    Pooled fresh = create(key);
    try {
      Optional<String> refused = engine.start(fresh.id());
      if (refused.isEmpty()) {
        return fresh;
      }
      LOG.debug("cannot start a warm container of {}: {}", key.imageId(), refused.get());
    } catch (EngineException | RuntimeException e) {
      remove(fresh);
      throw e;
    }
    remove(fresh);
    return null;
  }

  private void replenish(PoolKey key) {
    try {
      if (stoppedEarly.getOrDefault(key, 0) >= STOPPED_EARLY_LIMIT) {
        return; // until the key goes idle: calls start their own containers
      }
      while (!closed && pool.shortfall(key, System.currentTimeMillis()) > 0) {
        Pooled fresh = createStarted(key);
        if (fresh == null) {
          return;
        }
        if (!pool.add(fresh, System.currentTimeMillis())) {
          remove(fresh);
        }
      }
    } catch (EngineException e) {
      if (!closed) {
        LOG.warn("cannot keep a warm container for {}: {}", key.imageId(), e.getMessage());
      }
    }
  }

  private void evictIdle() {
    pool.evict(System.currentTimeMillis(), config.idleTimeout().toMillis()).forEach(this::remove);
    stoppedEarly.keySet().removeIf(key -> !pool.inUse(key));
  }

  private void remove(Pooled container) {
    try {
      engine.remove(container.id());
      live.remove(container);
      meter.ifPresent(m -> m.release(container.token()));
    } catch (EngineException e) {
      LOG.warn("cannot remove container {}: {}", container.id(), e.getMessage());
    } finally {
      // After the removal: closing a waiting container's stdin first would run it on no input.
      container.release();
    }
  }

  private void removeQuietly(String id, String token) {
    try {
      engine.remove(id);
      meter.ifPresent(m -> m.release(token));
    } catch (EngineException e) {
      LOG.warn("cannot remove container {}: {}", id, e.getMessage());
    }
  }

  private void housekeep(Runnable task) {
    try {
      housekeeping.execute(task);
    } catch (RejectedExecutionException e) {
      // Closing: close() removes whatever is left.
    }
  }

  /** Removes every container created here, then any other with this owner's label. */
  @Override
  public void close() {
    closed = true;
    // Not shutdownNow(): an interrupted engine call would leave its container behind.
    housekeeping.shutdown();
    try {
      housekeeping.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.drain();
    List.copyOf(live).forEach(this::remove);
    try {
      removeLeftovers();
    } catch (EngineException e) {
      LOG.warn("cannot sweep containers on close: {}", e.getMessage());
    }
    watchdog.shutdownNow();
    feeders.shutdownNow();
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
