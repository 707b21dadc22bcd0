package io.edgemarket.chaincode;

import io.edgemarket.model.Pricing;
import io.edgemarket.model.Role;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records.MarketConfig;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/** Market-wide settings under {@code CONFIG~market}; defaults apply until an admin sets them. */
final class Config {
  static final int DEFAULT_BROKER_FEE_BPS = 500;

  private Config() {}

  static MarketConfig read(ChaincodeStub stub) {
    MarketConfig stored = State.read(stub, key(stub), MarketConfig.class);
    if (stored == null) {
      return new MarketConfig(DEFAULT_BROKER_FEE_BPS, 0, null);
    }
    Integer fee = stored.brokerFeeBps() == null ? DEFAULT_BROKER_FEE_BPS : stored.brokerFeeBps();
    return new MarketConfig(fee, stored.updatedAt(), stored.updatedBy());
  }

  static String get(Context ctx) {
    Caller.registered(ctx);
    return Json.write(read(ctx.getStub()));
  }

  static String set(Context ctx, String configJson) {
    Caller admin = Caller.registered(ctx).require(Role.ADMIN);
    ChaincodeStub stub = ctx.getStub();
    MarketConfig requested =
        Args.json(configJson, MarketConfig.class, "market config", "updatedAt");
    Integer fee = requested.brokerFeeBps();
    if (fee == null || fee < 0 || fee > Pricing.BPS) {
      throw Errors.badRequest("brokerFeeBps must be 0.." + Pricing.BPS + ": " + fee);
    }
    // updatedAt and updatedBy are the ledger's to say, whatever the request carried.
    MarketConfig stored = new MarketConfig(fee, State.now(stub), admin.id());
    State.write(stub, key(stub), stored);
    return Json.write(stored);
  }

  private static String key(ChaincodeStub stub) {
    return Keys.of(stub, Keys.CONFIG, Keys.MARKET);
  }
}
