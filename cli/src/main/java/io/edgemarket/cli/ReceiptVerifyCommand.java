package io.edgemarket.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.json.Json;
import io.edgemarket.sdk.ReceiptVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code edgemarket receipt verify ID}: one settled receipt checked from the ledger, step by step.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify the receipt settled under invocation ID from the ledger alone, with the auditor's"
          + " checks, printing each step as 'PASS name: detail' or 'FAIL name: what is wrong':"
          + " provider-signature (by the provider's certificate registered on the ledger, issued"
          + " by the market CA), ticket-signature (the consumer's), broker-signature (the"
          + " broker's over the assignment; as an auditor, over the batch when the broker signed"
          + " it), amount (what the usage costs at the receipt's prices, within the ticket's"
          + " maximum, split at the market's fee) and merkle-inclusion (the receipt's Merkle path"
          + " reaches the root the ledger recorded for its batch).",
      "A consumer verifies its own receipts, an auditor (--as auditor) any. Exit codes: 0 every"
          + " step passed, 1 a step failed, 2 the ledger holds no settled receipt under ID (no"
          + " such invocation, or not settled yet) or could not be read, 3 bad usage."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class ReceiptVerifyCommand extends ClientCommand {
  @ParentCommand ReceiptCommand parent;
  @Mixin CommonOptions common;

  @Parameters(
      paramLabel = "ID",
      description =
          "The invocation id the receipt is settled under (the receiptId of 'invoke --json';"
              + " ID#n for a redundant run).")
  String id;

  @Option(
      names = "--json",
      description =
          "Print only a JSON object on stdout: invocationId, verified (true when every step"
              + " passed), steps ([{name, passed, detail}], in order) and receipt (the ledger's"
              + " record, as 'receipt show --json' prints it).")
  boolean json;

  @Override
  EdgeMarketCli root() {
    return parent.root;
  }

  @Override
  CommonOptions common() {
    return common;
  }

  @Override
  int run() throws Exception {
    ReceiptVerification verification;
    try (LedgerReceipts receipts = LedgerReceipts.open(this)) {
      verification = receipts.verify(id);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    if (json) {
      out().println(json(verification).toPrettyString());
    } else {
      for (ReceiptVerification.Step step : verification.steps()) {
        out().println((step.passed() ? "PASS " : "FAIL ") + step.name() + ": " + step.detail());
      }
      int failed = verification.failures().size();
      out()
          .println(
              failed == 0
                  ? "receipt " + id + " verified"
                  : "receipt "
                      + id
                      + " FAILED: "
                      + failed
                      + " of "
                      + verification.steps().size()
                      + " steps");
    }
    return verification.verified() ? ExitCodes.OK : ExitCodes.FUNCTION_ERROR;
  }

  static ObjectNode json(ReceiptVerification verification) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("invocationId", verification.invocationId());
    node.put("verified", verification.verified());
    ArrayNode steps = node.putArray("steps");
    for (ReceiptVerification.Step step : verification.steps()) {
      steps
          .addObject()
          .put("name", step.name())
          .put("passed", step.passed())
          .put("detail", step.detail());
    }
    node.set("receipt", Json.mapper().valueToTree(verification.record()));
    return node;
  }
}
