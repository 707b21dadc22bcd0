package io.edgemarket.agent.container;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import io.edgemarket.agent.sandbox.Execution;
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
 * The containers of one sandbox: created with the isolation settings, kept warm, used once,
 * removed. Creating, replenishing and removing happen on one housekeeping thread, so that no
 * invocation waits for them; deadlines are kept by another thread, so that housekeeping never
 * delays a kill.
 */
final class Containers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Containers.class);
  private static final AtomicInteger SANDBOXES = new AtomicInteger();

  private final Engine engine;
  private final ContainerConfig config;
  private final Optional<CgroupMeter> meter;
  private final ContainerPool pool;
  private final Set<Pooled> live = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService housekeeping;
  private final ScheduledExecutorService watchdog;
  private final ExecutorService feeders;
  private final ContainerRun runner;
  private final AtomicLong warmStarts = new AtomicLong();
  private final AtomicLong coldStarts = new AtomicLong();
  private volatile boolean closed;

  Containers(Engine engine, ContainerConfig config, Optional<CgroupMeter> meter) {
    this.engine = engine;
    this.config = config;
    this.meter = meter;
    this.pool = new ContainerPool(config.warmPerImage());
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
    Pooled container = pool.take(key, System.currentTimeMillis());
    if (container != null) {
      warmStarts.incrementAndGet();
    } else {
      container = create(key);
      coldStarts.incrementAndGet();
    }
    try {
      return runner.run(container, input, limits);
    } finally {
      Pooled used = container;
      pool.touch(key, System.currentTimeMillis());
      housekeep(
          () -> {
            replenish(key); // first: the next invocation waits for this, nobody for the removal
            remove(used);
          });
    }
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

  int warm(String imageId) {
    return pool.warm(imageId);
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
    String id = engine.create(key.imageId(), "edgemarket-" + token, labels, config.user(), host);
    Pooled created = new Pooled(id, token, key);
    live.add(created);
    if (closed) {
      remove(created);
      throw new EngineException("the sandbox is closed", null);
    }
    return created;
  }

  private void replenish(PoolKey key) {
    try {
      while (!closed && pool.shortfall(key) > 0) {
        Pooled fresh = create(key);
        if (!pool.add(fresh)) {
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
    long cutoff = System.currentTimeMillis() - config.idleTimeout().toMillis();
    pool.evictUnusedSince(cutoff).forEach(this::remove);
  }

  private void remove(Pooled container) {
    try {
      engine.remove(container.id());
      live.remove(container);
      meter.ifPresent(m -> m.release(container.token()));
    } catch (EngineException e) {
      LOG.warn("cannot remove container {}: {}", container.id(), e.getMessage());
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
