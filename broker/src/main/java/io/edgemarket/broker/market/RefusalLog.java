package io.edgemarket.broker.market;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The work one provider did not do, as the broker saw it: counts by kind since the broker started,
 * and the latest few with their reasons (bounded, memory only), for the provider's own web view
 * (issue 15). A busy answer is counted but not listed: in a burst it is routine, and it would push
 * the refusals that say something out of the list.
 */
public final class RefusalLog {
  /** Entries kept; the oldest goes first. */
  public static final int MAX_RECENT = 50;

  /** The agent refused the request itself (a module it cannot run): back to the consumer. */
  public static final String REFUSED = "refused";

  /** Every slot taken: the call moved on, no blame. */
  public static final String BUSY = "busy";

  /** Unreachable, timed out, or an answer that did not check out: the provider is suspect. */
  public static final String FAULT = "fault";

  /** One refusal: when, of which invocation, what kind, and why. */
  public record Entry(long at, String invocationId, String kind, String reason) {}

  /** Counts since the broker started. */
  public record Counts(long refused, long busy, long faults) {}

  private final ArrayDeque<Entry> recent = new ArrayDeque<>();
  private long refused;
  private long busy;
  private long faults;

  public synchronized void record(long at, String invocationId, String kind, String reason) {
    switch (kind) {
      case REFUSED -> refused++;
      case BUSY -> busy++;
      case FAULT -> faults++;
      default -> throw new IllegalArgumentException("no refusal kind " + kind);
    }
    if (BUSY.equals(kind)) {
      return;
    }
    if (recent.size() == MAX_RECENT) {
      recent.removeFirst();
    }
    recent.addLast(new Entry(at, invocationId, kind, reason));
  }

  /** The latest refusals, newest first. */
  public synchronized List<Entry> recent() {
    List<Entry> newestFirst = new ArrayList<>(recent);
    java.util.Collections.reverse(newestFirst);
    return newestFirst;
  }

  public synchronized Counts counts() {
    return new Counts(refused, busy, faults);
  }
}
