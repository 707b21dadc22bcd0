package io.edgemarket.agent.sandbox;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops executions that pass their deadline: one thread that looks at the running executions every
 * {@link #TICK_NANOS} (or sooner, at the earliest deadline), and keeps stopping those past it (a
 * host call could swallow one interrupt) until they end. Watching an execution is an insertion into
 * a set, with no task scheduled and no thread woken per execution: a scheduled alarm per run woke
 * the timer thread every time, which on a small machine cost the warm start more than running the
 * function. The thread parks when nothing has run for a while. Thread-safe.
 */
final class Watchdog implements AutoCloseable {

  static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** What the watchdog needs of an execution. */
  interface Watched {
    /** System.nanoTime() at which it must stop. */
    long deadlineNanos();

    /** Stops it; called again every tick until it is no longer watched. */
    void expire();

    /**
     * Looked at every tick before its deadline (a run on its caller's thread checks the caller).
     */
    default void poll() {}
  }

  private final Set<Watched> running = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean parked;
  private volatile boolean closed;

  Watchdog(ThreadFactory threads) {
    this.thread = threads.newThread(this::watch);
    thread.start();
  }

  /** Watches {@code run} until {@link #forget}. */
  void watch(Watched run) {
    running.add(run);
    if (parked) {
      parked = false;
      LockSupport.unpark(thread);
    }
  }

  void forget(Watched run) {
    running.remove(run);
  }

  private void watch() {
    long idleSince = System.nanoTime();
    while (!closed) {
      long now = System.nanoTime();
      long sleep = TICK_NANOS;
      for (Watched run : running) {
        long left = run.deadlineNanos() - now;
        if (left <= 0) {
          run.expire();
        } else {
          run.poll();
          sleep = Math.min(sleep, left);
        }
      }
      if (!running.isEmpty()) {
        idleSince = now;
      } else if (now - idleSince > IDLE_NANOS) {
        parked = true;
        if (running.isEmpty() && !closed) {
          LockSupport.park(this);
        }
        parked = false;
        idleSince = System.nanoTime();
        continue;
      }
      LockSupport.parkNanos(this, sleep);
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }
}
