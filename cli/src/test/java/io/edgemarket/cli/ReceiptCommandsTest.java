package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Transactions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code receipt show} and {@code receipt verify} against a fake broker and ledger: a settled
 * receipt shown and verified (as its consumer, who may not read batches, and as the auditor), one
 * tampered with, one not on the ledger.
 */
class ReceiptCommandsTest extends FakeMarketFixture {
  static final String[] STEPS = {
    "provider-signature", "ticket-signature", "broker-signature", "amount", "merkle-inclusion"
  };

  String id;
  String batchId;

  @BeforeEach
  void invokeAndSettle() throws Exception {
    deploy("echo");
    Cli invoke = cli("invoke", "echo", "--input", "hello", "--json");
    assertEquals(0, invoke.exitCode(), invoke::toString);
    id = Json.tree(invoke.out()).get("receiptId").asText();
    batchId = broker.invocations.settleAll();
    // As on the real ledger: batches and the config's history are for overseers.
    ledger.forbidden.add(Transactions.GET_BATCH);
    ledger.forbidden.add(Transactions.GET_HISTORY);
  }

  @Test
  void showPrintsTheReceiptAsTheLedgerHoldsIt() {
    Cli show = cli("receipt", "show", id);
    assertEquals(0, show.exitCode(), show::toString);
    String out = show.out();
    assertTrue(out.startsWith(String.format(ReceiptShowCommand.ROW, "receipt", id)), out);
    assertTrue(out.contains(String.format(ReceiptShowCommand.ROW, "status", "OK")), out);
    assertTrue(out.contains("function    " + market.consumer.id() + "/echo (code "), out);
    assertTrue(out.contains("provider    " + market.provider.id() + " (offer offer-1)\n"), out);
    assertTrue(out.contains("batch       " + batchId + ", leaf 0\n"), out);
    long amount = ledger.books.receipts.get(id).get("receipt").get("amount").asLong();
    assertTrue(out.contains("amount      " + amount + " (ticket's maximum 5000): provider "), out);

    Cli json = cli("receipt", "show", id, "--json");
    assertEquals(0, json.exitCode(), json::toString);
    JsonNode record = Json.tree(json.out());
    assertEquals(batchId, record.get("batchId").asText());
    assertEquals(id, record.get("receipt").get("ticket").get("invocationId").asText());
    assertEquals(amount, record.get("receipt").get("amount").asLong());
    assertEquals(
        ledger.books.batches.get(batchId).get("merkleRoot").asText(),
        record.get("merkleRoot").asText());
    assertTrue(record.get("proof").has("steps"), json::toString);
  }

  @Test
  void verifyPrintsEveryStepAndPassesAGenuineReceipt() {
    Cli verify = cli("receipt", "verify", id);
    assertEquals(0, verify.exitCode(), verify::toString);
    String[] lines = verify.out().split("\n");
    assertEquals(STEPS.length + 1, lines.length, verify::toString);
    for (int i = 0; i < STEPS.length; i++) {
      assertTrue(lines[i].startsWith("PASS " + STEPS[i] + ": "), verify::toString);
    }
    assertEquals("receipt " + id + " verified", lines[STEPS.length]);
    assertTrue(lines[2].contains("assignment to " + market.provider.id()), verify::toString);

    JsonNode json = Json.tree(cli("receipt", "verify", id, "--json").out());
    assertTrue(json.get("verified").asBoolean());
    assertEquals(id, json.get("invocationId").asText());
    assertEquals(STEPS.length, json.get("steps").size());
    assertEquals("merkle-inclusion", json.get("steps").get(4).get("name").asText());
    assertEquals(batchId, json.get("receipt").get("batchId").asText());
  }

  @Test
  void anAuditorVerifiesAnyReceiptAndItsBatch() {
    ledger.forbidden.clear();
    Cli verify = cli("receipt", "verify", id, "--as", "auditor");
    assertEquals(0, verify.exitCode(), verify::toString);
    assertTrue(verify.out().contains("leaves give"), verify::toString);
    Cli provider = cli("receipt", "verify", id, "--as", "provider-1");
    assertEquals(ExitCodes.USAGE, provider.exitCode(), provider::toString);
    assertTrue(provider.stderr().contains("is a provider"), provider::toString);
  }

  @Test
  void aTamperedReceiptFailsItsStepsAndExitsNonZero() {
    ObjectNode receipt = (ObjectNode) ledger.books.receipts.get(id).get("receipt");
    long raised = receipt.get("amount").asLong() + 1;
    receipt.put("amount", raised);
    Cli verify = cli("receipt", "verify", id);
    assertEquals(ExitCodes.FUNCTION_ERROR, verify.exitCode(), verify::toString);
    String out = verify.out();
    assertTrue(out.contains("FAIL provider-signature: BAD_PROVIDER_SIGNATURE: "), out);
    assertTrue(out.contains("PASS ticket-signature: "), out);
    assertTrue(out.contains("FAIL amount: AMOUNT_INCONSISTENT: amount " + raised + " "), out);
    assertTrue(out.contains("FAIL merkle-inclusion: "), out);
    assertTrue(out.endsWith("receipt " + id + " FAILED: 3 of 5 steps\n"), out);

    Cli json = cli("receipt", "verify", id, "--json");
    assertEquals(ExitCodes.FUNCTION_ERROR, json.exitCode(), json::toString);
    assertEquals(false, Json.tree(json.out()).get("verified").asBoolean());
  }

  @Test
  void aReceiptNotOnTheLedgerIsSaidSo() throws Exception {
    Cli invoke = cli("invoke", "echo", "--input", "not settled yet", "--json");
    String pending = Json.tree(invoke.out()).get("receiptId").asText();
    for (String unknown : new String[] {pending, "no-such-invocation"}) {
      for (String command : new String[] {"show", "verify"}) {
        Cli cli = cli("receipt", command, unknown);
        assertEquals(ExitCodes.FAILED, cli.exitCode(), cli::toString);
        assertEquals("", cli.out());
        assertTrue(
            cli.stderr()
                .startsWith(
                    "edgemarket: no settled receipt "
                        + unknown
                        + " on the ledger: no such invocation, or its receipt is not settled yet"
                        + " [NOT_FOUND"),
            cli::toString);
      }
    }
  }

  @Test
  void explainsItself() {
    for (String sub : new String[] {"show", "verify"}) {
      Cli help = Cli.run("receipt", sub, "--help");
      assertEquals(0, help.exitCode(), help::toString);
      assertTrue(help.out().contains("Usage: edgemarket receipt " + sub), help::toString);
      assertTrue(help.out().contains("--json"), help::toString);
    }
    assertEquals(ExitCodes.USAGE, Cli.run("receipt").exitCode());
    assertEquals(ExitCodes.USAGE, Cli.run("receipt", "verify").exitCode());
  }
}
