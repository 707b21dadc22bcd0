package io.edgemarket.agent.sandbox;

import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;

/**
 * One execution handed from its caller to a sandbox worker, and its result handed back; once the
 * caller has its result, the worker puts the instance back for the next execution ({@link
 * SandboxRun#recycle}), off the caller's path. The caller parks at once rather than spinning: on a
 * small shared machine a spinning caller takes the core its worker needs (measured in
 * BENCHMARKS.md, "Wasm warm start (issue 11)": p50 6 µs parking, 16-57 µs spinning 10-100 µs).
 * Unlike a FutureTask, it lets the worker go on to recycle the instance once the result is out.
 */
final class Handoff implements Runnable {

  private static final Object CANCELLED = new Object();

  private final SandboxRun run;
  private final Watchdog watchdog;
  private final Thread caller;
  private volatile Object outcome;
  private volatile boolean started;
  private volatile boolean waiting;

  Handoff(SandboxRun run, Watchdog watchdog) {
    this.run = run;
    this.watchdog = watchdog;
    this.caller = Thread.currentThread();
  }

  @Override
  public void run() {
    started = true;
    if (outcome != null) {
      return; // cancelled while queued
    }
    Object result;
    try {
      result = run.execute(watchdog);
    } catch (RuntimeException | Error e) {
      result = e;
    }
    outcome = result;
    if (waiting) {
      LockSupport.unpark(caller);
    }
    run.recycle();
  }

  /**
   * Runs the execution on the calling thread, whose stack is a worker's ({@link
   * WasmSandbox#callerThreads}): no hand-off and no wake-up either way, which on an idle machine
   * were most of a warm start. The instance is put back before returning, so the caller's next
   * execution finds it ready. An interrupt of the caller (a cancel) stops the function within a
   * watchdog tick ({@link SandboxRun#poll}) and ends the call with an InterruptedException, as
   * waiting for a worker would; the watchdog's own interrupt at the deadline is cleared.
   *
   * @throws InterruptedException if the caller was interrupted while its function ran
   */
  Execution runHere() throws InterruptedException {
    if (Thread.interrupted()) {
      // Cancelled before it began: as a caller waiting for a worker would, give up at once.
      outcome = CANCELLED;
      throw new InterruptedException("interrupted before its function ran");
    }
    started = true;
    run.runsInline();
    Object result;
    try {
      result = run.execute(watchdog);
    } catch (RuntimeException | Error e) {
      result = e;
    }
    outcome = result;
    run.recycle();
    if (run.abandoned()) {
      throw new InterruptedException("interrupted while its function ran");
    }
    return unwrap(result);
  }

  /** Never run: the sandbox closed with it queued. */
  void cancel() {
    outcome = CANCELLED;
    LockSupport.unpark(caller);
  }

  /**
   * Waits for the result, by the caller.
   *
   * @throws InterruptedException if the caller is interrupted; the execution is then stopped
   */
  Execution await() throws InterruptedException {
    Object result = outcome;
    if (result == null) {
      waiting = true;
      while ((result = outcome) == null) {
        LockSupport.park(this);
        if (Thread.interrupted()) {
          giveUp();
          throw new InterruptedException();
        }
      }
    }
    return unwrap(result);
  }

  private void giveUp() {
    if (!started) {
      outcome = CANCELLED; // the worker skips it
    }
    run.expire();
  }

  private static Execution unwrap(Object result) {
    if (result instanceof Execution execution) {
      return execution;
    }
    if (result == CANCELLED) {
      throw new IllegalStateException("sandbox closed before the function ran");
    }
    if (result instanceof CancellationException e) {
      throw new IllegalStateException("sandbox closed while the function ran", e);
    }
    if (result instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException("sandbox failure", (Throwable) result);
  }
}
