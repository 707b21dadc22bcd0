package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgemarket.cli.market.MarketDir;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.InvocationSummary;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records.Balance;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.AuditReport;
import io.edgemarket.sdk.Auditor;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvocationException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What must hold of a market after any fault (issue 13), read from the ledger as the auditor and
 * from the broker's listing of the consumer's invocations: money is conserved (all balances, the
 * issuer's negative one included, add up to 0), each call a caller made either ran and its receipt
 * is settled exactly once, charged exactly its cost, or ended in a clear error (one of the codes
 * the scenario allows) with nothing on the ledger under its id; the consumer was charged exactly
 * what its callers were told, the ledger settled no more than that, and the audit passes.
 */
final class MarketInvariants implements AutoCloseable {
  /** What one caller was told: a result, or an error. */
  record Call(String id, InvocationResult result, InvocationException error) {
    static Call of(String id, InvocationResult result) {
      return new Call(id, result, null);
    }

    static Call failed(String id, InvocationException error) {
      return new Call(id, null, error);
    }
  }

  /** The ledger's books before a fault. */
  record Snapshot(Instant at, long consumerBalance, long settledAmount, long receipts) {}

  private final EdgeMarket consumer;
  private final LedgerGateway ledger;
  private final Auditor auditor;

  MarketInvariants(CrashMarket market, EdgeMarket consumer) throws Exception {
    MarketDir dir = new MarketDir(market.data());
    URI broker = URI.create(market.url());
    this.consumer = consumer;
    this.ledger = new RemoteLedgerGateway(broker, dir.identity("auditor"));
    this.auditor =
        Auditor.builder()
            .broker(broker)
            .identity(dir.identity("auditor"))
            .trustRoots(dir.trustRoots())
            .build();
  }

  /**
   * The books once every invocation answered so far is settled (a call answered just before would
   * otherwise be counted as settled during the fault).
   */
  Snapshot snapshot(Duration settle) throws Exception {
    for (InvocationSummary s : consumer.invocations(null, null).invocations()) {
      if (s.status().ran() && s.settlement() != InvocationResult.Settlement.SETTLED) {
        consumer.awaitSettled(s.invocationId(), settle);
      }
    }
    AuditReport report = audit();
    return new Snapshot(
        Instant.now().minusSeconds(1),
        consumer.balance(),
        report.totalSettledAmount(),
        report.receiptsChecked());
  }

  /**
   * Holds the market to the invariants for {@code calls}, made since {@code before}; a failed call
   * must carry one of {@code allowedCodes}. Returns how much was charged.
   */
  long check(Snapshot before, List<Call> calls, Set<String> allowedCodes, Duration settle)
      throws Exception {
    long charged = 0;
    int ran = 0;
    for (Call call : calls) {
      if (call.error() != null) {
        assertTrue(
            allowedCodes.contains(call.error().code()),
            () -> call.id() + ": an unclear error " + call.error());
        continue;
      }
      InvocationResult result = call.result();
      assertTrue(result.status().ran(), () -> call.id() + ": answered " + result);
      assertNotNull(result.receipt(), call.id() + ": an answer without a receipt");
      assertEquals(result.receipt().amount(), result.cost(), call.id() + ": charged its receipt");
      assertEquals(
          result.receipt(),
          consumer.awaitSettled(call.id(), settle),
          call.id() + ": settled with the receipt the caller was told");
      charged += result.cost();
      ran++;
    }
    // Everything the callers were told is settled: anything else the broker queued would be in
    // the same or an earlier batch, so the books are final now.
    for (Call call : calls) {
      if (call.error() != null) {
        assertNoReceipt(call.id());
      }
    }
    AuditReport after = audit();
    assertTrue(after.ok(), () -> "audit: " + after);
    assertEquals(
        before.settledAmount() + charged,
        after.totalSettledAmount(),
        "the ledger settled exactly what the callers were told, nothing twice");
    assertEquals(before.receipts() + ran, after.receiptsChecked(), "one receipt per answered call");
    assertEquals(before.consumerBalance() - charged, consumer.balance(), "the consumer's charge");
    assertEquals(0L, balances().values().stream().mapToLong(Long::longValue).sum(), "conservation");
    Map<String, InvocationSummary> listed = new TreeMap<>();
    for (InvocationSummary s : consumer.invocations(null, before.at()).invocations()) {
      if (s.status() == InvocationResult.Status.FAILED) {
        assertEquals(0L, s.cost(), () -> "a failed invocation charged: " + s);
      }
      listed.put(s.invocationId(), s);
    }
    for (Call call : calls) {
      InvocationSummary s = listed.get(call.id());
      if (call.result() != null) {
        assertNotNull(s, call.id() + ": not in the broker's listing");
        assertEquals(call.result().cost(), s.cost(), () -> "listed: " + s);
        assertEquals(
            InvocationResult.Settlement.SETTLED, s.settlement(), () -> "listed unsettled: " + s);
      } else if (s != null) {
        assertEquals(InvocationResult.Status.FAILED, s.status(), () -> "listed: " + s);
      }
    }
    return charged;
  }

  private void assertNoReceipt(String invocationId) {
    try {
      ledger.evaluate(Transactions.GET_RECEIPT, invocationId);
      fail(invocationId + " failed for its caller but has a receipt on the ledger");
    } catch (LedgerException e) {
      assertEquals(ErrorCodes.NOT_FOUND, e.code(), e::toString);
    }
  }

  private AuditReport audit() throws Exception {
    return auditor.audit(line -> {});
  }

  /** Every account's balance, the issuer's (negative) included. */
  Map<String, Long> balances() throws LedgerException {
    Map<String, Long> all = new TreeMap<>();
    String bookmark = "";
    do {
      Page<Balance> page =
          Json.read(
              ledger.evaluate(Transactions.LIST_ACCOUNTS, "100", bookmark),
              new TypeReference<Page<Balance>>() {});
      page.records().forEach(b -> all.put(b.accountId(), b.balance()));
      bookmark = page.bookmark();
    } while (bookmark != null && !bookmark.isEmpty());
    return all;
  }

  @Override
  public void close() {
    auditor.close();
    ledger.close();
  }
}
