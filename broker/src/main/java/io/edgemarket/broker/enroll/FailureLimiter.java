package io.edgemarket.broker.enroll;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts failed enrollments per remote address in a sliding window. A token is 256 random bits, so
 * guessing is hopeless anyway; the limit keeps a misbehaving client from turning the CA into a load
 * generator and makes probing visible.
 */
final class FailureLimiter {
  static final int MAX_FAILURES = 10;
  static final long WINDOW_MILLIS = 10 * 60 * 1000L;

  /** Beyond this many addresses, the oldest windows are forgotten: memory stays bounded. */
  private static final int MAX_ADDRESSES = 10_000;

  private final Clock clock;
  private final Map<String, Deque<Long>> failures = new HashMap<>();

  FailureLimiter(Clock clock) {
    this.clock = clock;
  }

  /** True when this address has used up its failures for now. */
  synchronized boolean blocked(String address) {
    Deque<Long> times = failures.get(address);
    if (times == null) {
      return false;
    }
    prune(times);
    if (times.isEmpty()) {
      failures.remove(address);
      return false;
    }
    return times.size() >= MAX_FAILURES;
  }

  synchronized void failed(String address) {
    if (failures.size() >= MAX_ADDRESSES && !failures.containsKey(address)) {
      failures.values().forEach(this::prune);
      failures.values().removeIf(Deque::isEmpty);
      if (failures.size() >= MAX_ADDRESSES) {
        failures.clear();
      }
    }
    failures.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(clock.millis());
  }

  private void prune(Deque<Long> times) {
    long since = clock.millis() - WINDOW_MILLIS;
    while (!times.isEmpty() && times.peekFirst() < since) {
      times.removeFirst();
    }
  }
}
