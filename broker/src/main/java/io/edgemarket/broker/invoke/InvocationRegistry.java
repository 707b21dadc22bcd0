package io.edgemarket.broker.invoke;

import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.api.InvocationResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Invocations the broker knows, for duplicate detection, retries and lookups. Claiming an id is
 * atomic, so two requests with one ticket cannot both run. Bounded: past {@link #MAX_ENTRIES},
 * finished entries are dropped (their receipts stay on the ledger); unfinished ones are always
 * kept.
 */
final class InvocationRegistry {
  static final int MAX_ENTRIES = 200_000;

  /**
   * One invocation: whose it is, the signature of the ticket it runs (a retry must bring the same
   * ticket), and what is known of it now. Changes are serialised, so the settler marking it settled
   * and the output being dropped cannot undo each other.
   */
  static final class Entry {
    final String consumerId;
    final String ticketSignature;
    final String functionId;
    final long issuedAt;
    private final CountDownLatch ran = new CountDownLatch(1);
    private volatile InvocationResult result;
    private volatile Refusal refusal;

    Entry(
        String consumerId,
        String ticketSignature,
        String functionId,
        long issuedAt,
        InvocationResult result) {
      this.consumerId = consumerId;
      this.ticketSignature = ticketSignature;
      this.functionId = functionId;
      this.issuedAt = issuedAt;
      this.result = result;
      if (result.status() != InvocationResult.Status.PENDING) {
        ran.countDown();
      }
    }

    InvocationResult result() {
      return result;
    }

    /** Why it failed, for a retry to hear the first answer again (null unless FAILED). */
    Refusal refusal() {
      return refusal;
    }

    synchronized void set(InvocationResult newResult) {
      result = newResult;
      if (newResult.status() != InvocationResult.Status.PENDING) {
        ran.countDown();
      }
    }

    synchronized void failed(InvocationResult failure, Refusal why) {
      refusal = why;
      set(failure);
    }

    synchronized void update(UnaryOperator<InvocationResult> change) {
      set(change.apply(result));
    }

    /** Waits until it is no longer PENDING (at most {@code millis}); the result either way. */
    InvocationResult awaitRun(long millis) throws InterruptedException {
      ran.await(Math.max(0, millis), TimeUnit.MILLISECONDS);
      return result;
    }

    boolean finished() {
      return result.finished();
    }
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicInteger claims = new AtomicInteger();

  /** Registers a new invocation; null when the id is already known (a duplicate or a retry). */
  Entry claim(InvocationTicket ticket) {
    String invocationId = ticket.invocationId();
    Entry entry =
        new Entry(
            ticket.consumerId(),
            ticket.signature(),
            ticket.functionId(),
            ticket.issuedAt(),
            InvocationResult.pending(invocationId));
    if (entries.putIfAbsent(invocationId, entry) != null) {
      return null;
    }
    if ((claims.incrementAndGet() & 1023) == 0 && entries.size() > MAX_ENTRIES) {
      trim();
    }
    return entry;
  }

  /**
   * Restores an invocation at startup (from the settlement queue or the invocation records); its
   * function and issue time are its receipt's ticket's, unknown for a failure without one.
   */
  Entry restore(
      String invocationId, String consumerId, String ticketSignature, InvocationResult r) {
    InvocationTicket ticket = r.receipt() == null ? null : r.receipt().ticket();
    Entry entry =
        new Entry(
            consumerId,
            ticketSignature,
            ticket == null ? null : ticket.functionId(),
            ticket == null ? 0 : ticket.issuedAt(),
            r);
    entries.put(invocationId, entry);
    return entry;
  }

  /** Forgets an invocation refused before anything ran, so its ticket may be used again. */
  void forget(String invocationId) {
    entries.remove(invocationId);
  }

  Entry get(String invocationId) {
    return entries.get(invocationId);
  }

  /**
   * The invocations known that {@code include} accepts, newest ticket first, at most {@code limit}
   * plus one (so the caller can tell there were more). A scan of every entry: listings are rare
   * next to invocations, and the registry is bounded.
   */
  List<Entry> matching(Predicate<Entry> include, int limit) {
    List<Entry> found = new ArrayList<>();
    for (Entry entry : entries.values()) {
      if (include.test(entry)) {
        found.add(entry);
      }
    }
    found.sort(
        Comparator.comparingLong((Entry e) -> e.issuedAt)
            .reversed()
            .thenComparing(e -> e.result().invocationId()));
    return found.size() > limit + 1 ? List.copyOf(found.subList(0, limit + 1)) : found;
  }

  private synchronized void trim() {
    int excess = entries.size() - MAX_ENTRIES * 9 / 10;
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (excess > 0 && it.hasNext()) {
      if (it.next().getValue().finished()) {
        it.remove();
        excess--;
      }
    }
  }
}
