package io.edgemarket.chaincode;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** {@code offers}: providers' published capacity and prices. */
@Contract(name = "offers")
public final class OffersContract implements ContractInterface {

  @Transaction(name = "PublishOffer", intent = Transaction.TYPE.SUBMIT)
  public String publishOffer(Context ctx, String offerJson) {
    return Errors.guard(() -> Offers.publish(ctx, offerJson));
  }

  @Transaction(name = "WithdrawOffer", intent = Transaction.TYPE.SUBMIT)
  public String withdrawOffer(Context ctx, String offerId) {
    return Errors.guard(() -> Offers.withdraw(ctx, offerId));
  }

  @Transaction(name = "ReleaseStake", intent = Transaction.TYPE.SUBMIT)
  public String releaseStake(Context ctx, String offerId) {
    return Errors.guard(() -> Offers.releaseStake(ctx, offerId));
  }

  @Transaction(name = "GetOffer", intent = Transaction.TYPE.EVALUATE)
  public String getOffer(Context ctx, String offerId) {
    return Errors.guard(() -> Offers.get(ctx, offerId));
  }

  @Transaction(name = "ListOffers", intent = Transaction.TYPE.EVALUATE)
  public String listOffers(Context ctx, String includeInactive) {
    return Errors.guard(() -> Offers.list(ctx, includeInactive));
  }
}
