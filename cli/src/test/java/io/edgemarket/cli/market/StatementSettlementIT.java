package io.edgemarket.cli.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Statement;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records.BatchRecord;
import io.edgemarket.model.ledger.Records.BatchSummary;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.AuditReport;
import io.edgemarket.sdk.Auditor;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.InvokeOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, statements end to end: real agents sign statements over their receipts and send them on
 * their links, the SDK signs statements over its tickets and sends them with its invocations, and
 * the broker settles batches with the statements that cover them. The ledger keeps the statements
 * it let stand for receipts' and tickets' own signatures; an independent audit of the ledger finds
 * every payment justified, and the consumer is charged exactly its receipts.
 */
class StatementSettlementIT {
  private static final int CALLERS = 8;
  private static final int CALLS_EACH = 40;

  @TempDir static Path dir;
  static MarketFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new MarketFixture(dir.resolve("market"), 2);
    byte[] upper = Files.readAllBytes(Path.of("../samples/wasm/upper.wasm"));
    fixture.consumer.deploy("upper", upper, DeployOptions.defaults());
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void batchesCarryTheAgentsAndTheConsumersStatementsAndAuditClean() throws Exception {
    String consumerId = fixture.consumer.identity().id();
    long before = fixture.balance(consumerId);
    List<Receipt> receipts = Collections.synchronizedList(new ArrayList<>());
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CALLERS; c++) {
        int caller = c;
        done.add(
            callers.submit(
                () -> {
                  for (int i = 0; i < CALLS_EACH; i++) {
                    byte[] input = ("c" + caller + " " + i).getBytes(StandardCharsets.UTF_8);
                    InvocationResult result =
                        fixture.consumer.invoke("upper", input, InvokeOptions.defaults());
                    assertEquals(InvocationResult.Status.OK, result.status());
                    receipts.add(result.receipt());
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      callers.shutdownNow();
    }
    for (Receipt receipt : receipts) {
      fixture.consumer.awaitSettled(receipt.invocationId(), Duration.ofSeconds(60));
    }

    Set<String> receiptLeaves = new HashSet<>();
    Set<String> ticketLeaves = new HashSet<>();
    Set<String> signers = new HashSet<>();
    for (BatchRecord batch : batches()) {
      for (Statement statement : batch.statements()) {
        signers.add(statement.kind() + " " + statement.signerId());
        (Statement.RECEIPTS.equals(statement.kind()) ? receiptLeaves : ticketLeaves)
            .addAll(statement.leaves());
      }
    }
    long receiptsCovered =
        receipts.stream().filter(r -> receiptLeaves.contains(Crypto.hex(r.leafHash()))).count();
    long ticketsCovered =
        receipts.stream()
            .filter(r -> ticketLeaves.contains(Crypto.hex(r.ticket().leafHash())))
            .count();
    assertTrue(
        signers.contains(Statement.TICKETS + " " + consumerId), "the consumer's: " + signers);
    assertTrue(
        signers.stream().anyMatch(s -> s.startsWith(Statement.RECEIPTS + " ")),
        "an agent's: " + signers);
    // The first receipts of an agent may settle before the broker has heard a statement from
    // it, and the SDK's last few tickets ride on no invocation; most are covered.
    assertTrue(
        2 * receiptsCovered > receipts.size(),
        receiptsCovered + " of " + receipts.size() + " receipts named by their agent's statement");
    assertTrue(
        2 * ticketsCovered > receipts.size(),
        ticketsCovered + " of " + receipts.size() + " tickets named by the consumer's statement");

    long charged = receipts.stream().mapToLong(Receipt::amount).sum();
    assertEquals(before - charged, fixture.balance(consumerId), "charged exactly its receipts");
    try (Auditor auditor =
        Auditor.builder()
            .ledger(fixture.auditor)
            .trustRoot(fixture.market.dir().trustRoot())
            .build()) {
      AuditReport report = auditor.audit(line -> {});
      assertTrue(report.ok(), report.discrepancies()::toString);
    }
  }

  private static List<BatchRecord> batches() throws Exception {
    List<BatchRecord> all = new ArrayList<>();
    String bookmark = "";
    do {
      Page<BatchSummary> page =
          Json.read(
              fixture.auditor.evaluate(Transactions.LIST_BATCHES, "100", bookmark),
              new TypeReference<Page<BatchSummary>>() {});
      for (BatchSummary summary : page.records()) {
        all.add(
            Json.read(
                fixture.auditor.evaluate(Transactions.GET_BATCH, summary.batchId()),
                BatchRecord.class));
      }
      bookmark = page.bookmark();
    } while (bookmark != null && !bookmark.isEmpty());
    return all;
  }
}
