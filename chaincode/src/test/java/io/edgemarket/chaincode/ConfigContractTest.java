package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.MarketConfig;
import org.junit.jupiter.api.Test;

class ConfigContractTest {
  private final Market market = new Market();

  @Test
  void theBrokerFeeIsFivePercentUntilSet() {
    MarketConfig config =
        Market.read(market.evaluate(market.provider, market.config::getConfig), MarketConfig.class);
    assertEquals(500, config.brokerFeeBps());
  }

  @Test
  void anAdminSetsTheFeeAndTheLedgerStampsWhoAndWhen() {
    String request = "{\"brokerFeeBps\":250,\"updatedBy\":\"someone-else\"}";
    market.submit(market.admin, ctx -> market.config.setConfig(ctx, request));
    long setAt = market.now();
    MarketConfig config =
        Market.read(market.evaluate(market.consumer, market.config::getConfig), MarketConfig.class);
    assertEquals(
        new MarketConfig(
            250,
            MarketConfig.DEFAULT_SETTLEMENT_WINDOW_MS,
            MarketConfig.DEFAULT_MAX_TICKET_TTL_MS,
            setAt,
            market.admin.id()),
        config);
  }

  @Test
  void onlyAnAdminMaySetConfig() {
    market.fails(
        ErrorCodes.FORBIDDEN,
        market.broker,
        ctx -> market.config.setConfig(ctx, "{\"brokerFeeBps\":0}"));
    market.fails(
        ErrorCodes.NOT_REGISTERED,
        market.enroll("admin-2", io.edgemarket.model.Role.ADMIN),
        ctx -> market.config.setConfig(ctx, "{\"brokerFeeBps\":0}"));
  }

  @Test
  void malformedConfigIsABadRequest() {
    for (String bad :
        new String[] {
          "{\"brokerFeeBps\":10001}", "{\"brokerFeeBps\":-1}", "{}", "{\"fee\":1}", "not json", ""
        }) {
      market.fails(ErrorCodes.BAD_REQUEST, market.admin, ctx -> market.config.setConfig(ctx, bad));
    }
  }
}
