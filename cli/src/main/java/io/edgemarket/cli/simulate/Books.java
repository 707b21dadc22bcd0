package io.edgemarket.cli.simulate;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records.Balance;
import io.edgemarket.model.ledger.Records.Dispute;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Transactions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the ledger says, read as the market's auditor: every balance, every dispute. */
final class Books {
  private static final String PAGE = "1000";

  private final LedgerGateway auditor;

  Books(LedgerGateway auditor) {
    this.auditor = auditor;
  }

  /** Every account's balance (locked stakes included), by account id. */
  Map<String, Long> balances() throws LedgerException {
    Map<String, Long> balances = new HashMap<>();
    String bookmark = "";
    while (true) {
      Page<Balance> page =
          Json.read(
              auditor.evaluate(Transactions.LIST_ACCOUNTS, PAGE, bookmark),
              new TypeReference<Page<Balance>>() {});
      page.records().forEach(b -> balances.put(b.accountId(), b.balance()));
      if (page.last()) {
        return balances;
      }
      bookmark = page.bookmark();
    }
  }

  List<Dispute> disputes() throws LedgerException {
    List<Dispute> disputes = new ArrayList<>();
    String bookmark = "";
    while (true) {
      Page<Dispute> page =
          Json.read(
              auditor.evaluate(Transactions.LIST_DISPUTES, PAGE, bookmark),
              new TypeReference<Page<Dispute>>() {});
      disputes.addAll(page.records());
      if (page.last()) {
        return disputes;
      }
      bookmark = page.bookmark();
    }
  }

  static long sum(Map<String, Long> balances) {
    return balances.values().stream().mapToLong(Long::longValue).sum();
  }
}
