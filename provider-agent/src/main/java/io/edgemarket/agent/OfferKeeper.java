package io.edgemarket.agent;

import io.edgemarket.agent.CapacityProbe.Capacity;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Offer;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import java.time.Clock;
import java.util.List;

/**
 * The agent's side of the ledger: registration, its one offer (published, kept current, withdrawn)
 * and its balance. The offer is republished when the capacity it states is more than 10% off, so
 * the broker does not place work on capacity that is gone, and at half its lifetime, so it never
 * lapses while the agent runs. Thread-safe.
 */
final class OfferKeeper {
  private final AgentConfig config;
  private final LedgerGateway ledger;
  private final CapacityProbe probe;
  private final String endpoint;
  private final Clock clock;
  private Offer published;
  private boolean withdrawn;

  OfferKeeper(
      AgentConfig config, LedgerGateway ledger, CapacityProbe probe, String endpoint, Clock clock) {
    this.config = config;
    this.ledger = ledger;
    this.probe = probe;
    this.endpoint = endpoint;
    this.clock = clock;
  }

  /** What the agent may offer now: no more than is idle, no more than its share, at least 1. */
  Capacity offerable() {
    Capacity idle = probe.measure();
    return new Capacity(
        Math.max(1, Math.min(idle.idleCpuMillis(), config.cpuShareMillis())),
        Math.max(1, Math.min(idle.freeMemoryMb(), config.memoryShareMb())));
  }

  /** Registers this identity; the chaincode answers the existing record when already registered. */
  void register() throws LedgerException {
    ledger.submit(Transactions.REGISTER_PARTICIPANT);
  }

  synchronized Offer publish(Capacity capacity) throws LedgerException {
    if (withdrawn) {
      throw new IllegalStateException("the offer has been withdrawn");
    }
    long now = clock.millis();
    Offer offer =
        new Offer(
            config.offerId(),
            config.identity().id(),
            endpoint,
            config.region(),
            config.latitudeE6(),
            config.longitudeE6(),
            capacity.idleCpuMillis(),
            capacity.freeMemoryMb(),
            config.maxConcurrency(),
            config.runsContainers()
                ? List.of(FunctionSpec.RUNTIME_WASM, FunctionSpec.RUNTIME_OCI)
                : List.of(FunctionSpec.RUNTIME_WASM),
            List.of(),
            config.pricePerInvocation(),
            config.pricePerMegaFuel(),
            now + config.offerTtl().toMillis(),
            Offer.ACTIVE,
            now,
            config.stake(),
            config.energy());
    ledger.submit(Transactions.PUBLISH_OFFER, Json.write(offer));
    published = offer;
    return offer;
  }

  /** Republishes if the capacity moved by more than 10% or half the offer's life has passed. */
  synchronized boolean refreshIfNeeded(Capacity capacity) throws LedgerException {
    if (withdrawn) {
      return false;
    }
    boolean due =
        published == null
            || movedMoreThanTenPercent(published.cpuMillis(), capacity.idleCpuMillis())
            || movedMoreThanTenPercent(published.memoryMb(), capacity.freeMemoryMb())
            || clock.millis() >= published.updatedAt() + config.offerTtl().toMillis() / 2;
    if (due) {
      publish(capacity);
    }
    return due;
  }

  /** Takes the offer off the market; no further publishing after this. */
  synchronized void withdraw() throws LedgerException {
    withdrawn = true;
    if (published != null) {
      ledger.submit(Transactions.WITHDRAW_OFFER, config.offerId());
      published = null;
    }
  }

  /** The provider's ledger balance: what it has been paid so far. */
  long earnings() throws LedgerException {
    String result = ledger.evaluate(Transactions.GET_BALANCE, config.identity().id());
    try {
      var balance = Json.tree(result).get("balance");
      if (balance != null && balance.canConvertToLong()) {
        return balance.asLong();
      }
    } catch (IllegalArgumentException e) {
      // Reported below with the text the ledger returned.
    }
    throw new LedgerException(
        LedgerException.Phase.EVALUATE,
        ErrorCodes.INTERNAL,
        null,
        "unexpected " + Transactions.GET_BALANCE + " result: " + result);
  }

  private static boolean movedMoreThanTenPercent(long before, long now) {
    return Math.abs(now - before) * 10 > before;
  }
}
