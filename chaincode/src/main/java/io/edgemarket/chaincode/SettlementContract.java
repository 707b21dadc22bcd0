package io.edgemarket.chaincode;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** {@code settlement}: paying providers for signed receipts, a Merkle batch at a time. */
@Contract(name = "settlement")
public final class SettlementContract implements ContractInterface {

  @Transaction(name = "SettleBatch", intent = Transaction.TYPE.SUBMIT)
  public String settleBatch(Context ctx, String batchJson) {
    return Errors.guard(() -> Settlement.settle(ctx, batchJson));
  }
}
