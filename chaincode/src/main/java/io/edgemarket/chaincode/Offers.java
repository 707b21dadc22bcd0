package io.edgemarket.chaincode;

import io.edgemarket.model.Offer;
import io.edgemarket.model.Role;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Stake;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/** Providers' offers of capacity. An offer id belongs to the provider who first published it. */
final class Offers {
  static final int MAX_OFFER_ID = 128;

  private Offers() {}

  static Offer find(ChaincodeStub stub, String offerId) {
    return Keys.isValidId(offerId)
        ? State.read(stub, Keys.of(stub, Keys.OFFER, offerId), Offer.class)
        : null;
  }

  static String publish(Context ctx, String offerJson) {
    Caller provider = Caller.registered(ctx).require(Role.PROVIDER);
    ChaincodeStub stub = ctx.getStub();
    long now = State.now(stub);
    Offer requested = Args.json(offerJson, Offer.class, "offer", "updatedAt");
    // Whatever the request says, the offer is the caller's and is active from now.
    Offer offer = requested.ownedBy(provider.id(), now).withStatus(Offer.ACTIVE, now);
    validate(offer, now);
    Offer existing = find(stub, offer.offerId());
    if (existing != null && !existing.providerId().equals(provider.id())) {
      throw Errors.forbidden("offer " + offer.offerId() + " belongs to " + existing.providerId());
    }
    // An offer's prices are fixed for its life: receipts are paid at the prices of the offer the
    // broker matched, whenever they settle. New prices need a new offer id.
    if (existing != null
        && (existing.pricePerInvocation() != offer.pricePerInvocation()
            || existing.pricePerMegaFuel() != offer.pricePerMegaFuel())) {
      throw Errors.badRequest(
          "offer "
              + offer.offerId()
              + " is priced "
              + existing.pricePerInvocation()
              + "/"
              + existing.pricePerMegaFuel()
              + " for its life; publish new prices under a new offer id");
    }
    Stakes.lock(stub, offer);
    State.write(stub, Keys.of(stub, Keys.OFFER, offer.offerId()), offer);
    stub.setEvent("OfferPublished", Json.bytes(offer));
    return Json.write(offer);
  }

  static String withdraw(Context ctx, String offerId) {
    Caller caller = Caller.registered(ctx).require(Role.PROVIDER, Role.ADMIN);
    ChaincodeStub stub = ctx.getStub();
    Offer existing = require(stub, offerId);
    if (caller.role() == Role.PROVIDER && !existing.providerId().equals(caller.id())) {
      throw Errors.forbidden("offer " + offerId + " belongs to " + existing.providerId());
    }
    long now = State.now(stub);
    Offer withdrawn = existing.withStatus(Offer.WITHDRAWN, now);
    // Tickets placed on the offer before now may still settle, and be disputed, until the last
    // of them is past its settlement window: the stake stays until then.
    Stakes.startRelease(stub, existing, Math.addExact(now, Config.read(stub).withdrawalDelay()));
    State.write(stub, Keys.of(stub, Keys.OFFER, offerId), withdrawn);
    stub.setEvent("OfferWithdrawn", Json.bytes(withdrawn));
    return Json.write(withdrawn);
  }

  /** Releases a withdrawn offer's stake once its delay has passed; only its owner may. */
  static String releaseStake(Context ctx, String offerId) {
    Caller provider = Caller.registered(ctx).require(Role.PROVIDER);
    ChaincodeStub stub = ctx.getStub();
    Stake stake = Stakes.find(stub, provider.id(), Args.id("offerId", offerId));
    if (stake == null) {
      throw Errors.notFound(provider.id() + " has no stake behind offer " + offerId);
    }
    if (Stake.LOCKED.equals(stake.status())) {
      throw Errors.badRequest("offer " + offerId + " is live: withdraw it first");
    }
    if (!Stake.RELEASING.equals(stake.status())) {
      throw Errors.badRequest("the stake behind offer " + offerId + " is " + stake.status());
    }
    long now = State.now(stub);
    if (now < stake.releasableAt()) {
      throw Errors.error(
          ErrorCodes.TOO_EARLY,
          "the stake behind offer "
              + offerId
              + " is releasable from "
              + stake.releasableAt()
              + ", now "
              + now);
    }
    Stake released =
        new Stake(stake.providerId(), stake.offerId(), stake.amount(), Stake.RELEASED, now);
    State.write(stub, Stakes.key(stub, provider.id(), offerId), released);
    return Json.write(released);
  }

  static String get(Context ctx, String offerId) {
    Caller.registered(ctx);
    return Json.write(require(ctx.getStub(), offerId));
  }

  static String list(Context ctx, String includeInactiveText) {
    Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    boolean includeInactive = Args.flag("includeInactive", includeInactiveText);
    long now = State.now(stub);
    List<Offer> offers = new ArrayList<>();
    for (Rows.Row row : Rows.all(stub, Keys.OFFER)) {
      Offer offer = Json.read(row.value(), Offer.class);
      if (includeInactive || offer.isLiveAt(now)) {
        offers.add(offer);
      }
    }
    return Json.write(offers);
  }

  private static Offer require(ChaincodeStub stub, String offerId) {
    Offer offer = find(stub, Args.id("offerId", offerId));
    if (offer == null) {
      throw Errors.notFound("no offer " + offerId);
    }
    return offer;
  }

  private static void validate(Offer offer, long now) {
    String id = offer.offerId();
    if (!Keys.isValidId(id) || id.length() > MAX_OFFER_ID) {
      throw Errors.badRequest("offerId must be 1-" + MAX_OFFER_ID + " printable characters");
    }
    String endpoint = offer.endpoint();
    if (endpoint == null || !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
      throw Errors.badRequest("endpoint must be an http:// or https:// URL");
    }
    if (offer.cpuMillis() <= 0 || offer.memoryMb() <= 0 || offer.maxConcurrency() <= 0) {
      throw Errors.badRequest("cpuMillis, memoryMb and maxConcurrency must be positive");
    }
    if (offer.runtimes().isEmpty()
        || offer.runtimes().stream().anyMatch(r -> r == null || r.isBlank())) {
      throw Errors.badRequest("runtimes must list at least one runtime");
    }
    if (offer.pricePerInvocation() < 0
        || offer.pricePerMegaFuel() < 0
        || offer.pricePerInvocation() > Money.MAX_AMOUNT
        || offer.pricePerMegaFuel() > Money.MAX_AMOUNT) {
      throw Errors.badRequest("prices must be 0.." + Money.MAX_AMOUNT);
    }
    if (offer.expiresAt() <= now) {
      throw Errors.badRequest("expiresAt must be after the transaction time " + now);
    }
  }
}
