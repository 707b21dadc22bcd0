package io.edgemarket.chaincode;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** {@code governance}: the organisations that govern the market and the roles each may grant. */
@Contract(name = "governance")
public final class GovernanceContract implements ContractInterface {

  @Transaction(name = "GetGovernance", intent = Transaction.TYPE.EVALUATE)
  public String getGovernance(Context ctx) {
    return Errors.guard(() -> Consortium.get(ctx));
  }

  /** An admin's approval of exactly this governance; the last organisation's carries it out. */
  @Transaction(name = "SetGovernance", intent = Transaction.TYPE.SUBMIT)
  public String setGovernance(Context ctx, String governanceJson) {
    return Errors.guard(() -> Consortium.set(ctx, governanceJson));
  }
}
