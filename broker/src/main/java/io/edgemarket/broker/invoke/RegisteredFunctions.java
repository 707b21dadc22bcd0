package io.edgemarket.broker.invoke;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Function specs as registered on the ledger, by id, each kept for a few seconds. A ticket naming a
 * digest other than the kept one triggers one re-fetch before it is refused, so re-registering a
 * function never has to wait for the entry to expire; the chaincode emits no event for it. How its
 * results are checked (trust level, sample, minimum stake) and its fuel limit are the version's, as
 * first registered with that code, since that is what the ledger settles runs by.
 *
 * <p>A function its owner retired is refused ({@link Refusal#FUNCTION_RETIRED}) once the kept entry
 * is read again, so within {@link #TTL_MILLIS} of the retirement.
 *
 * <p>Callers that find the same entry stale wait for one read rather than each reading: at a few
 * hundred calls a second an expiry otherwise sends every call in flight to the ledger at once.
 */
final class RegisteredFunctions {
  private static final long TTL_MILLIS = 5_000;

  private record Entry(FunctionSpec spec, long fetchedAt) {}

  private final MarketLedger ledger;
  private final LongSupplier clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Object[] stripes = new Object[64];

  RegisteredFunctions(MarketLedger ledger, LongSupplier clock) {
    this.ledger = ledger;
    this.clock = clock;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Object();
    }
  }

  /** The function the ticket names, pinned to the ticket's digest; refused as unknown otherwise. */
  FunctionSpec require(String functionId, String digest) {
    Entry entry = entries.get(functionId);
    long now = clock.getAsLong();
    boolean fresh = entry != null && now - entry.fetchedAt() < TTL_MILLIS;
    if (!fresh || !entry.spec().digest().equals(digest)) {
      Entry seen = entry;
      synchronized (stripes[Math.floorMod(functionId.hashCode(), stripes.length)]) {
        Entry current = entries.get(functionId);
        // Read by another caller while this one waited: as new as a read of our own.
        entry = current != null && current != seen ? current : fetch(functionId, now);
      }
    }
    if (entry == null) {
      throw new InvocationRefusedException(Refusal.UNKNOWN_FUNCTION, "no function " + functionId);
    }
    if (!entry.spec().digest().equals(digest)) {
      throw new InvocationRefusedException(
          Refusal.UNKNOWN_FUNCTION,
          "the ticket's function digest is not the code registered for " + functionId);
    }
    if (entry.spec().retired()) {
      // Refused before the invocation id is claimed or anything is held: nothing is charged.
      throw new InvocationRefusedException(
          Refusal.FUNCTION_RETIRED, functionId + " was retired by its owner");
    }
    return entry.spec();
  }

  private Entry fetch(String functionId, long now) {
    Optional<FunctionSpec> spec;
    try {
      spec = ledger.function(functionId);
      if (spec.isPresent()) {
        // The version (by digest) keeps the trust and fuel limit it was first registered with, and
        // the ledger settles runs by it: sampling, checks, the agent's fuel cap and the hold follow
        // the version, not a later re-registration.
        FunctionSpec latest = spec.get();
        spec =
            Optional.of(
                ledger
                    .functionVersion(functionId, latest.digest())
                    .map(
                        v ->
                            latest
                                .withTrust(v.trustLevel(), v.samplePpm(), v.minStake())
                                .withMaxFuel(v.maxFuel()))
                    .orElse(latest));
      }
    } catch (LedgerException e) {
      if (ErrorCodes.BAD_REQUEST.equals(e.code())) {
        return null; // a malformed id names no function
      }
      throw new InvocationRefusedException(Refusal.LEDGER_UNAVAILABLE, "ledger: " + e.getMessage());
    }
    if (spec.isEmpty()) {
      entries.remove(functionId);
      return null;
    }
    Entry entry = new Entry(spec.get(), now);
    entries.put(functionId, entry);
    return entry;
  }
}
