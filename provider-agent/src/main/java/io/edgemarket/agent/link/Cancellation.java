package io.edgemarket.agent.link;

/**
 * The broker's word that one invocation on the link is no longer wanted: a hedged call another
 * provider answered first (a {@code cancel} frame, issue 12). The thread running it lets itself be
 * interrupted only while it waits on the sandbox ({@link #interruptible} to {@link
 * #uninterruptible}), which then stops the function; never while it fetches code or writes the
 * receipt journal, where an interrupt would close a file channel under everyone. Thread-safe.
 */
public final class Cancellation {
  private Thread waiting;
  private Runnable alsoStop = () -> {};
  private boolean cancelled;

  /** One nobody will cancel: an invocation pushed over HTTP. */
  public static Cancellation none() {
    return new Cancellation();
  }

  /** Stops the run if it waits on the sandbox now; marks it in any case. */
  public synchronized void cancel() {
    cancelled = true;
    if (waiting != null) {
      waiting.interrupt();
      alsoStop.run();
    }
  }

  public synchronized boolean cancelled() {
    return cancelled;
  }

  /**
   * From now on {@link #cancel} interrupts the calling thread; false (and no such promise) when it
   * is already cancelled.
   */
  public synchronized boolean interruptible() {
    return interruptible(() -> {});
  }

  /**
   * As {@link #interruptible()}, and a cancel also runs {@code stop}: what stops a function that
   * runs on this very thread, which no interrupt can reach while it computes (the sandbox's {@code
   * WasmSandbox.stopRunOn}).
   */
  public synchronized boolean interruptible(Runnable stop) {
    if (cancelled) {
      return false;
    }
    waiting = Thread.currentThread();
    alsoStop = stop;
    return true;
  }

  /** No more interrupts; one that landed after the sandbox returned is cleared. */
  public synchronized void uninterruptible() {
    waiting = null;
    alsoStop = () -> {};
    if (cancelled) {
      Thread.interrupted();
    }
  }
}
