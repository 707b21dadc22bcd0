package io.edgemarket.agent.container;

import io.edgemarket.agent.sandbox.Execution;
import io.edgemarket.agent.sandbox.SandboxUsage;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one container once: feed stdin, collect stdout, stop it at the deadline or the output cap,
 * and judge how it ended: at its wrapper's trailers when it has one ({@link Wrapper}), else (or
 * when no trailer comes) from the engine's report of its exit. The container comes attached and
 * with its exit awaited ({@link Pooled}), either already started, its entrypoint blocked reading
 * stdin (a warm start), or to be started here (a cold start). The caller removes the container
 * afterwards, whatever happened.
 */
final class ContainerRun {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerRun.class);
  // Beyond the deadline: time for a killed container's exit to be reported.
  private static final Duration EXIT_GRACE = Duration.ofSeconds(10);

  private enum Stop {
    DEADLINE,
    OUTPUT
  }

  private final Engine engine;
  private final ScheduledExecutorService watchdog;
  private final ExecutorService feeders;
  private final Optional<CgroupMeter> meter;
  private final int stderrTailBytes;
  private final AtomicLong inBandExits = new AtomicLong();

  ContainerRun(
      Engine engine,
      ScheduledExecutorService watchdog,
      ExecutorService feeders,
      Optional<CgroupMeter> meter,
      int stderrTailBytes) {
    this.engine = engine;
    this.watchdog = watchdog;
    this.feeders = feeders;
    this.meter = meter;
    this.stderrTailBytes = stderrTailBytes;
  }

  /**
   * Runs {@code container}, which {@code started} says is already running. Wall time, deadline and
   * fuel all count from here: for a started container, the CPU it used before (the runtime's set-up
   * and its entrypoint's start, up to the read of stdin that blocks it) is the provider's, like its
   * creation; a blocked read costs none.
   */
  Execution run(Pooled container, boolean started, byte[] input, ContainerLimits limits)
      throws EngineException, InterruptedException {
    String id = container.id();
    OutputSink sink = new OutputSink(limits.maxOutputBytes(), stderrTailBytes);
    AtomicReference<Stop> stopped = new AtomicReference<>();
    Attach attach = container.attach();
    long began = System.nanoTime();
    long cpuBefore = started ? meter.map(m -> m.startCall(container.token())).orElse(0L) : 0;
    if (!started) {
      Optional<String> refused = engine.start(id);
      if (refused.isPresent()) {
        long wall = System.nanoTime() - began;
        return failed(
            "the image cannot start: " + refused.get(), sink, new SandboxUsage(0, 0, wall));
      }
    }
    ScheduledFuture<?> alarm =
        watchdog.schedule(
            () -> stop(id, stopped, Stop.DEADLINE),
            limits.deadline().toNanos(),
            TimeUnit.NANOSECONDS);
    // Past the deadline and the grace, a container whose exit is never reported ends the wait.
    ScheduledFuture<?> giveUp =
        watchdog.schedule(
            container.exit()::close,
            limits.deadline().plus(EXIT_GRACE).toNanos(),
            TimeUnit.NANOSECONDS);
    try {
      feeders.execute(() -> feed(attach, input));
      String[] trailer = new String[1];
      Attach.End end = Attach.End.STREAMS;
      try {
        end = attach.pump(sink, container.nonce(), trailer);
        if (end == Attach.End.OVERFLOW) {
          // Closed first: the engine will not report the exit while its copy of the function's
          // output to us is blocked on a stream nobody reads any more.
          attach.close();
          stop(id, stopped, Stop.OUTPUT);
        }
      } catch (IOException e) {
        if (stopped.get() == null) {
          throw new EngineException("lost container " + id + "'s output: " + e.getMessage(), e);
        }
      }
      if (Thread.interrupted()) {
        engine.kill(id);
        throw new InterruptedException("interrupted while container " + id + " ran");
      }
      if (end == Attach.End.TRAILERS && stopped.get() == null) {
        Execution reported = inBand(container, trailer[0], began, cpuBefore, sink, limits);
        if (reported != null) {
          inBandExits.incrementAndGet();
          return reported;
        }
        // The engine decides, as for an unwrapped container; nothing it still copies may block it.
        attach.close();
      }
      long code;
      try {
        code = container.exit().await();
      } catch (IOException e) {
        engine.kill(id);
        throw new EngineException("no exit reported by container " + id + ": " + e.getMessage(), e);
      }
      long wall = System.nanoTime() - began;
      SandboxUsage usage =
          meter
              .map(m -> m.read(container.token(), wall, cpuBefore))
              .orElse(new SandboxUsage(wall / 1000, 0, wall));
      // Only a failed exit needs the engine's word on why (the kernel's OOM kill is in its state).
      boolean oomKilled =
          code != 0
              && stopped.get() == null
              && Boolean.TRUE.equals(engine.state(id).getOOMKilled());
      return judge(stopped.get(), code, oomKilled, sink, limits, usage);
    } finally {
      alarm.cancel(false);
      giveUp.cancel(false);
    }
  }

  /** Runs answered at the wrapper's trailer, without the engine's exit. */
  long inBandExits() {
    return inBandExits.get();
  }

  /**
   * The verdict at the wrapper's trailer, without waiting for the engine's exit handling; null when
   * it needs the engine's word (a failed exit, and no cgroup to tell whether the kernel killed the
   * function at its memory limit). Forged or not, the trailer ends the call: the container is
   * killed at once, so a function that wrote one early runs on unmetered for the kill's latency at
   * most (see the package's "Exit in-band").
   */
  private Execution inBand(
      Pooled container,
      String code,
      long began,
      long cpuBefore,
      OutputSink sink,
      ContainerLimits limits) {
    long wall = System.nanoTime() - began;
    String id = container.id();
    feeders.execute(() -> engine.kill(id));
    if ("noexec".equals(code)) {
      return failed(
          "the image cannot start: its command is not an executable file in the image",
          sink,
          new SandboxUsage(0, 0, wall));
    }
    long exit = Long.parseLong(code);
    long oomKills = exit == 0 ? 0 : meter.map(m -> m.oomKills(container.token())).orElse(-1L);
    if (oomKills < 0) {
      return null;
    }
    SandboxUsage usage =
        meter
            .map(m -> m.read(container.token(), wall, cpuBefore))
            .orElse(new SandboxUsage(wall / 1000, 0, wall));
    return judge(null, exit, oomKills > 0, sink, limits, usage);
  }

  private Execution judge(
      Stop stop,
      long code,
      boolean oomKilled,
      OutputSink sink,
      ContainerLimits limits,
      SandboxUsage usage) {
    if (stop == Stop.DEADLINE) {
      return failed("deadline exceeded after " + limits.deadline().toMillis() + " ms", sink, usage);
    }
    if (stop == Stop.OUTPUT || sink.overflowed()) {
      return failed("output exceeds " + limits.maxOutputBytes() + " bytes", sink, usage);
    }
    if (oomKilled) {
      return failed(
          "out of memory: killed at the memory limit of " + limits.memoryBytes() + " bytes",
          sink,
          usage);
    }
    if (code != 0) {
      return failed("exit code " + code, sink, usage);
    }
    return new Execution(Execution.Status.OK, sink.output(), null, usage, sink.logs());
  }

  private Execution failed(String error, OutputSink sink, SandboxUsage usage) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("function failed: {}; stderr ends with: {}", error, sink.stderrTail());
    }
    return new Execution(Execution.Status.FUNCTION_ERROR, sink.output(), error, usage, sink.logs());
  }

  private void stop(String id, AtomicReference<Stop> stopped, Stop why) {
    if (stopped.compareAndSet(null, why)) {
      engine.kill(id);
    }
  }

  private static void feed(Attach attach, byte[] input) {
    try {
      attach.feed(input);
    } catch (IOException e) {
      // The function exited without reading all its input, or the run is over: not an error.
    }
  }
}
