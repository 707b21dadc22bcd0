package io.edgemarket.chaincode;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * {@code grants}: consumers' standing consents to pay for runs nobody signs a ticket for (an HTTP
 * route today; docs/triggers.md).
 */
@Contract(name = "grants")
public final class GrantsContract implements ContractInterface {

  @Transaction(name = "PublishGrant", intent = Transaction.TYPE.SUBMIT)
  public String publishGrant(Context ctx, String grantJson) {
    return Errors.guard(() -> Grants.publish(ctx, grantJson));
  }

  @Transaction(name = "RevokeGrant", intent = Transaction.TYPE.SUBMIT)
  public String revokeGrant(Context ctx, String grantId) {
    return Errors.guard(() -> Grants.revoke(ctx, grantId));
  }

  @Transaction(name = "GetGrant", intent = Transaction.TYPE.EVALUATE)
  public String getGrant(Context ctx, String grantId) {
    return Errors.guard(() -> Grants.get(ctx, grantId));
  }

  @Transaction(name = "ListGrants", intent = Transaction.TYPE.EVALUATE)
  public String listGrants(Context ctx, String participantId) {
    return Errors.guard(() -> Grants.list(ctx, participantId));
  }
}
