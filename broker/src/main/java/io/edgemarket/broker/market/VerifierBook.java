package io.edgemarket.broker.market;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The independent verifiers (auditor identities) that announced where they re-execute sampled
 * invocations of {@code reexecute} functions. One that has not announced itself for {@link
 * OfferBook#HEARTBEAT_TTL_MILLIS} takes no work; the live ones take turns.
 */
public final class VerifierBook {
  private static final int MAX_VERIFIERS = 1_000;

  /** A verifier and when it last announced itself. */
  public record Seen(String verifierId, String endpoint, long at) {}

  private final LongSupplier clock;
  private final Map<String, Seen> verifiers = new ConcurrentHashMap<>();
  private final AtomicLong turn = new AtomicLong();

  public VerifierBook(LongSupplier clock) {
    this.clock = clock;
  }

  /** Records an announcement; false when the book is full of other verifiers. */
  public boolean announce(String verifierId, String endpoint) {
    if (verifiers.size() >= MAX_VERIFIERS && !verifiers.containsKey(verifierId)) {
      return false;
    }
    verifiers.put(verifierId, new Seen(verifierId, endpoint, clock.getAsLong()));
    return true;
  }

  /** A live verifier other than {@code exclude} (never a party to the invocation), in turn. */
  public Optional<Seen> pick(String exclude) {
    long now = clock.getAsLong();
    Seen[] live =
        verifiers.values().stream()
            .filter(v -> now - v.at() <= OfferBook.HEARTBEAT_TTL_MILLIS)
            .filter(v -> !v.verifierId().equals(exclude))
            .sorted((a, b) -> a.verifierId().compareTo(b.verifierId()))
            .toArray(Seen[]::new);
    if (live.length == 0) {
      return Optional.empty();
    }
    return Optional.of(live[(int) Math.floorMod(turn.getAndIncrement(), (long) live.length)]);
  }

  /** Verifiers that announced themselves recently. */
  public int live() {
    long now = clock.getAsLong();
    return (int)
        verifiers.values().stream()
            .filter(v -> now - v.at() <= OfferBook.HEARTBEAT_TTL_MILLIS)
            .count();
  }
}
