package io.edgemarket.agent.sandbox;

import io.edgemarket.model.api.Limits;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A function's stderr, kept for its owner: the first {@code cap} bytes, then only a count of what
 * was dropped, so that a function writing without end cannot flood the agent's memory. Writing
 * never fails: a function's logging must not change its result or its bill. Thread-safe (a
 * container's stderr arrives on the attach thread).
 */
public final class FunctionLog extends OutputStream {

  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final int cap;
  private long dropped;

  /** A log of at most {@link Limits#MAX_LOG_BYTES}. */
  public FunctionLog() {
    this(Limits.MAX_LOG_BYTES);
  }

  public FunctionLog(int cap) {
    if (cap < 0) {
      throw new IllegalArgumentException("cap must not be negative: " + cap);
    }
    this.cap = cap;
  }

  @Override
  public synchronized void write(int b) {
    if (kept.size() < cap) {
      kept.write(b);
    } else {
      dropped++;
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int room = cap - kept.size();
    int take = Math.min(room, len);
    kept.write(b, off, take);
    dropped += len - take;
  }

  /**
   * The text kept (a character cut at the bound reads as U+FFFD), ending with {@link
   * Limits#truncatedLogMarker} when some was dropped; null when the function wrote nothing.
   */
  public synchronized String text() {
    if (kept.size() == 0 && dropped == 0) {
      return null;
    }
    String text = kept.toString(StandardCharsets.UTF_8);
    return dropped == 0 ? text : text + Limits.truncatedLogMarker(dropped);
  }
}
