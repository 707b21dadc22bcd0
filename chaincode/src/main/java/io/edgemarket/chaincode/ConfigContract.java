package io.edgemarket.chaincode;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** {@code config}: market-wide settings (the broker's fee). */
@Contract(name = "config")
public final class ConfigContract implements ContractInterface {

  @Transaction(name = "GetConfig", intent = Transaction.TYPE.EVALUATE)
  public String getConfig(Context ctx) {
    return Errors.guard(() -> Config.get(ctx));
  }

  /** Admin only; {@code configJson} is {@code {"brokerFeeBps": n}}. */
  @Transaction(name = "SetConfig", intent = Transaction.TYPE.SUBMIT)
  public String setConfig(Context ctx, String configJson) {
    return Errors.guard(() -> Config.set(ctx, configJson));
  }
}
