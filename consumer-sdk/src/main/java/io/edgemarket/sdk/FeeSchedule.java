package io.edgemarket.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The broker fee rate in force at any moment. A receipt is split at the rate of the day it was
 * settled, so checking old receipts against today's rate would flag every one of them after an
 * admin changed the fee; the config key's history says which rate applied when. Where the history
 * cannot be read, the current rate ({@code config:GetConfig}) stands for all time.
 */
final class FeeSchedule {
  private final int current;
  private final TreeMap<Long, Integer> changes;

  private FeeSchedule(int current, TreeMap<Long, Integer> changes) {
    this.current = current;
    this.changes = changes;
  }

  static FeeSchedule read(LedgerGateway ledger) throws LedgerException {
    Records.MarketConfig config =
        Records.read(ledger.evaluate(Transactions.GET_CONFIG), Records.MarketConfig.class);
    if (config.brokerFeeBps() == null) {
      throw new IllegalArgumentException("market config has no brokerFeeBps");
    }
    TreeMap<Long, Integer> changes = new TreeMap<>();
    try {
      for (JsonNode version : history(ledger)) {
        JsonNode value = version.get("value");
        if (value != null && value.hasNonNull("brokerFeeBps") && value.hasNonNull("updatedAt")) {
          changes.put(value.get("updatedAt").asLong(), value.get("brokerFeeBps").asInt());
        }
      }
    } catch (LedgerException e) {
      // Only an unreachable ledger stops the audit; a ledger that keeps no history leaves the
      // current rate standing for all time. One that will not show it to this caller (a consumer
      // verifying its own receipt) still says since when the current rate stands; before that,
      // the rate is unknown rather than guessed.
      if (ErrorCodes.UNAVAILABLE.equals(e.code())) {
        throw e;
      }
      changes.clear();
      if (ErrorCodes.FORBIDDEN.equals(e.code())) {
        changes.put(config.updatedAt(), config.brokerFeeBps());
      }
    } catch (IllegalArgumentException e) {
      changes.clear();
    }
    return new FeeSchedule(config.brokerFeeBps(), changes);
  }

  /** Only the current rate: for ledgers without history. */
  static FeeSchedule constant(int feeBps) {
    return new FeeSchedule(feeBps, new TreeMap<>());
  }

  private static List<JsonNode> history(LedgerGateway ledger) throws LedgerException {
    JsonNode entries = Json.tree(ledger.evaluate(Transactions.GET_HISTORY, "config", "market"));
    List<JsonNode> list = new ArrayList<>();
    entries.forEach(list::add);
    return list;
  }

  /**
   * The rate at {@code epochMillis}: the last change at or before it. Before the first recorded
   * change the chaincode's built-in default applied, which the ledger does not record once a rate
   * was set: then the rate is unknown and empty is returned (the split is still checked).
   */
  OptionalInt at(long epochMillis) {
    if (changes.isEmpty()) {
      return OptionalInt.of(current);
    }
    Map.Entry<Long, Integer> change = changes.floorEntry(epochMillis);
    return change == null ? OptionalInt.empty() : OptionalInt.of(change.getValue());
  }

  int current() {
    return current;
  }
}
