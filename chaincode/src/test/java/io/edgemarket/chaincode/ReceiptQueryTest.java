package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Records.ReceiptRecord;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.junit.jupiter.api.Test;

/** audit:QueryReceipts: by provider, consumer or time window, page by page, own receipts only. */
class ReceiptQueryTest {
  private final Market market = new Market().trading();

  @Test
  void receiptsAreQueriedByProviderConsumerAndTimeWindow() {
    market.fund(market.consumer, 100_000);
    market.fund(market.consumer2, 100_000);
    long t0 = market.now();
    for (int i = 0; i < 5; i++) {
      market.advance(Duration.ofMinutes(1));
      market.settle(
          "b-" + i,
          market.receipt("c1-" + i, 0),
          market.receipt(
              market.provider2, "offer-2", market.ticket(market.consumer2, "c2-" + i, 9999), 0));
    }
    assertEquals(
        List.of("c1-0", "c1-1", "c1-2", "c1-3", "c1-4"),
        query(
            market.provider,
            "{\"by\":\"provider\",\"id\":\"" + market.provider.id() + "\",\"pageSize\":2}"));
    assertEquals(
        List.of("c2-0", "c2-1", "c2-2", "c2-3", "c2-4"),
        query(market.consumer2, "{\"by\":\"consumer\",\"id\":\"" + market.consumer2.id() + "\"}"));
    long from = t0 + 2 * 60_000;
    long to = t0 + 4 * 60_000 + 30_000; // receipts finish a few seconds after each minute mark
    assertEquals(
        List.of("c1-1", "c1-2", "c1-3"),
        query(
            market.auditor,
            "{\"by\":\"provider\",\"id\":\""
                + market.provider.id()
                + "\",\"fromMs\":"
                + from
                + ",\"toMs\":"
                + to
                + ",\"pageSize\":1}"));
    List<String> window =
        query(
            market.broker,
            "{\"by\":\"time\",\"fromMs\":" + from + ",\"toMs\":" + to + ",\"pageSize\":4}");
    assertEquals(6, window.size());
    assertTrue(window.containsAll(List.of("c1-1", "c2-1", "c1-3", "c2-3")));
    assertFalse(window.contains("c1-0") || window.contains("c1-4"));
    assertEquals(10, query(market.auditor, "{\"by\":\"time\"}").size());
  }

  @Test
  void receiptQueriesAreLimitedToOnesOwnUnlessOverseeing() {
    String others = "{\"by\":\"provider\",\"id\":\"" + market.provider2.id() + "\"}";
    market.fails(ErrorCodes.FORBIDDEN, market.provider, queries(others));
    market.fails(
        ErrorCodes.FORBIDDEN,
        market.consumer,
        queries("{\"by\":\"consumer\",\"id\":\"" + market.consumer2.id() + "\"}"));
    market.fails(
        ErrorCodes.FORBIDDEN,
        market.consumer,
        queries("{\"by\":\"provider\",\"id\":\"" + market.consumer.id() + "\"}"));
    market.fails(ErrorCodes.FORBIDDEN, market.consumer, queries("{\"by\":\"time\"}"));
    market.fails(ErrorCodes.BAD_REQUEST, market.auditor, queries("{\"by\":\"region\"}"));
    market.fails(ErrorCodes.BAD_REQUEST, market.auditor, queries("{\"by\":\"provider\"}"));
    market.fails(
        ErrorCodes.BAD_REQUEST, market.auditor, queries("{\"by\":\"time\",\"pageSize\":1001}"));
    market.fails(
        ErrorCodes.BAD_REQUEST,
        market.auditor,
        queries("{\"by\":\"time\",\"fromMs\":5,\"toMs\":4}"));
    market.fails(ErrorCodes.BAD_REQUEST, market.auditor, queries("{\"by\":\"time\",\"colour\":4}"));
  }

  private Function<Context, String> queries(String json) {
    return ctx -> market.audit.queryReceipts(ctx, json);
  }

  /** Every page of a receipt query, as invocation ids. */
  private List<String> query(io.edgemarket.model.crypto.Identity who, String queryJson) {
    ObjectNode query = (ObjectNode) Json.tree(queryJson);
    return market
        .everyPage(
            who,
            new TypeReference<Page<ReceiptRecord>>() {},
            (ctx, mark) -> market.audit.queryReceipts(ctx, query.put("bookmark", mark).toString()))
        .stream()
        .map(r -> r.receipt().invocationId())
        .toList();
  }
}
