package io.edgemarket.chaincode;

import io.edgemarket.model.Pricing;
import io.edgemarket.model.Role;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records.Decision;
import io.edgemarket.model.ledger.Records.MarketConfig;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Market-wide settings under {@code CONFIG~market}; defaults apply until the admins set them.
 * Changing them is a governed action (an admin of every governing organisation).
 */
final class Config {
  static final int DEFAULT_BROKER_FEE_BPS = MarketConfig.DEFAULT_FEE_BPS;
  private static final long MAX_WINDOW_MS = 30L * 24 * 3_600_000L;

  private Config() {}

  static MarketConfig read(ChaincodeStub stub) {
    MarketConfig stored = State.read(stub, key(stub), MarketConfig.class);
    if (stored == null) {
      return new MarketConfig(
          DEFAULT_BROKER_FEE_BPS,
          MarketConfig.DEFAULT_SETTLEMENT_WINDOW_MS,
          MarketConfig.DEFAULT_MAX_TICKET_TTL_MS,
          0,
          null);
    }
    return new MarketConfig(
        stored.feeBps(),
        stored.settlementWindow(),
        stored.maxTicketTtl(),
        stored.updatedAt(),
        stored.updatedBy());
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
    MarketConfig current = read(stub);
    long window =
        bounded("settlementWindowMs", requested.settlementWindowMs(), current.settlementWindow());
    long ttl = bounded("maxTicketTtlMs", requested.maxTicketTtlMs(), current.maxTicketTtl());
    MarketConfig wanted = new MarketConfig(fee, window, ttl, 0, null);
    Decision decision =
        Approvals.approve(
            stub,
            admin,
            "config",
            Keys.MARKET + "@" + current.updatedAt(), // one decision per config version
            Json.write(wanted),
            null);
    if (!Decision.DONE.equals(decision.status())) {
      return Json.write(decision);
    }
    // updatedAt and updatedBy are the ledger's to say, whatever the request carried.
    MarketConfig stored = new MarketConfig(fee, window, ttl, State.now(stub), admin.id());
    State.write(stub, key(stub), stored);
    return Json.write(stored);
  }

  private static long bounded(String name, Long requested, long current) {
    long value = requested == null ? current : requested;
    if (value < 1000 || value > MAX_WINDOW_MS) {
      throw Errors.badRequest(name + " must be 1000.." + MAX_WINDOW_MS + ": " + value);
    }
    return value;
  }

  private static String key(ChaincodeStub stub) {
    return Keys.of(stub, Keys.CONFIG, Keys.MARKET);
  }
}
