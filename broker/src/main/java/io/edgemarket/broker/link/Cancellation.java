package io.edgemarket.broker.link;

/**
 * The way to tell an agent to stop one dispatched invocation: a hedged call (issue 12) that another
 * provider answered first. Down a link it becomes a {@code cancel} frame naming the invoke frame,
 * sent once the invoke has been sent and only while its answer is still awaited; an invocation
 * pushed over HTTP cannot be stopped, and cancelling it only marks it. Thread-safe; cancelling
 * twice does nothing more.
 */
public final class Cancellation {
  private Runnable onCancel;
  private boolean cancelled;

  /** Stops the invocation if it can still be stopped. */
  public void cancel() {
    Runnable action;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      action = onCancel;
    }
    if (action != null) {
      action.run();
    }
  }

  public synchronized boolean cancelled() {
    return cancelled;
  }

  /** What {@link #cancel} does, once the invocation is on its way; at once if already cancelled. */
  void bind(Runnable action) {
    boolean now;
    synchronized (this) {
      onCancel = action;
      now = cancelled;
    }
    if (now) {
      action.run();
    }
  }
}
