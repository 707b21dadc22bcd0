package io.edgemarket.chaincode;

import io.edgemarket.model.Offer;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Stake;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Providers' stakes: money of the provider's own account locked behind one offer ({@code
 * STAKE~providerId~offerId}). The money never leaves the account while locked; it only stops being
 * spendable, so no settlement, credit or balance read changes, and money stays conserved. A
 * dispute's verdict is the one thing that moves it (to the consumer).
 */
final class Stakes {
  private Stakes() {}

  static String key(ChaincodeStub stub, String providerId, String offerId) {
    return Keys.of(stub, Keys.STAKE, providerId, offerId);
  }

  static Stake find(ChaincodeStub stub, String providerId, String offerId) {
    return Keys.isValidId(providerId) && Keys.isValidId(offerId)
        ? State.read(stub, key(stub, providerId, offerId), Stake.class)
        : null;
  }

  /** What an offer has locked now: 0 unless its stake is LOCKED or RELEASING. */
  static long held(Stake stake) {
    return stake != null && stake.holds() ? stake.amount() : 0;
  }

  /**
   * Everything {@code accountId}'s stakes hold: one partial-key scan of its own stakes (a provider
   * has one per offer it ever staked; accounts without stakes scan nothing).
   */
  static long locked(ChaincodeStub stub, String accountId) {
    long locked = 0;
    for (Rows.Row row : Rows.all(stub, Keys.STAKE, accountId)) {
      locked = Math.addExact(locked, held(Json.read(row.value(), Stake.class)));
    }
    return locked;
  }

  /**
   * Locks {@code offer.stake()} behind a published offer. Raising a stake needs the extra amount
   * spendable; lowering one that still holds money is refused (a provider would otherwise shed its
   * stake the moment after a lie), and so is publishing a lower stake on a withdrawn offer whose
   * stake is still releasing.
   */
  static void lock(ChaincodeStub stub, Offer offer) {
    Stake current = find(stub, offer.providerId(), offer.offerId());
    long held = held(current);
    long wanted = offer.stake();
    if (wanted < 0 || wanted > Money.MAX_AMOUNT) {
      throw Errors.badRequest("stake must be 0.." + Money.MAX_AMOUNT + ": " + wanted);
    }
    if (wanted < held) {
      throw Errors.badRequest(
          "offer " + offer.offerId() + " has " + held + " staked; a stake is never lowered");
    }
    if (wanted == 0 || (wanted == held && Stake.LOCKED.equals(current.status()))) {
      return; // nothing to lock, or already locked as asked: no balance read, no MVCC contention
    }
    long extra = wanted - held;
    if (extra > 0) {
      long spendable =
          Math.subtractExact(
              Holding.read(stub, offer.providerId()).balance(), locked(stub, offer.providerId()));
      if (spendable < extra) {
        throw Errors.error(
            ErrorCodes.INSUFFICIENT_FUNDS,
            offer.providerId() + " can lock " + spendable + ", the stake needs " + extra + " more");
      }
    }
    State.write(
        stub,
        key(stub, offer.providerId(), offer.offerId()),
        new Stake(offer.providerId(), offer.offerId(), wanted, Stake.LOCKED, null));
  }

  /**
   * A withdrawn offer's stake starts releasing: it holds until every ticket placed on it is due.
   */
  static void startRelease(ChaincodeStub stub, Offer offer, long releasableAt) {
    Stake current = find(stub, offer.providerId(), offer.offerId());
    if (current != null && Stake.LOCKED.equals(current.status())) {
      State.write(
          stub,
          key(stub, offer.providerId(), offer.offerId()),
          new Stake(
              current.providerId(),
              current.offerId(),
              current.amount(),
              Stake.RELEASING,
              releasableAt));
    }
  }
}
