package io.edgemarket.cli;

import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket receipt show ID}: a settled receipt as the ledger holds it. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Show the receipt settled under invocation ID as the ledger holds it (audit:GetReceipt):"
          + " status, function, consumer, provider, broker, usage, prices, amount and its split,"
          + " the batch it was settled in with its leaf and root, and when it was issued, run and"
          + " settled. Not verified: 'receipt verify ID' checks it.",
      "A consumer sees its own receipts, an auditor (--as auditor) any. Exit code 2 when the"
          + " ledger holds no settled receipt under ID (no such invocation, or not settled yet)."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class ReceiptShowCommand extends ClientCommand {
  static final String ROW = "%-11s %s%n";

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
          "Print only the ledger's record as JSON on stdout: receipt (the provider's signed"
              + " receipt with the consumer's signed ticket and the broker's assignment), batchId,"
              + " leafIndex, providerShare, brokerFee, settledAt, txId, proof (the Merkle path)"
              + " and merkleRoot.")
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
    Records.ProvenReceipt record;
    try (LedgerReceipts receipts = LedgerReceipts.open(this)) {
      record = receipts.receipt(id);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    if (json) {
      out().println(Json.mapper().valueToTree(record).toPrettyString());
      return ExitCodes.OK;
    }
    Receipt r = record.receipt();
    InvocationTicket ticket = r.ticket();
    row("receipt", id);
    row("status", r.status());
    row("function", ticket.functionId() + " (code " + ticket.functionDigest() + ")");
    row("consumer", ticket.consumerId());
    row("provider", r.providerId() + " (offer " + r.offerId() + ")");
    row("broker", r.assignment().brokerId());
    row(
        "usage",
        r.usage().fuel()
            + " fuel, "
            + r.usage().peakMemoryBytes()
            + " bytes peak memory, "
            + r.usage().wallMicros()
            + " us wall");
    row(
        "prices",
        r.pricePerInvocation() + " per invocation, " + r.pricePerMegaFuel() + " per million fuel");
    row(
        "amount",
        r.amount()
            + " (ticket's maximum "
            + ticket.maxPrice()
            + "): provider "
            + record.providerShare()
            + ", broker fee "
            + record.brokerFee());
    row("batch", record.batchId() + ", leaf " + record.leafIndex());
    row("root", record.merkleRoot());
    row("issued", time(ticket.issuedAt()));
    row("started", time(r.startedAt()));
    row("finished", time(r.finishedAt()));
    row("settled", time(record.settledAt()) + " (transaction " + record.txId() + ")");
    return ExitCodes.OK;
  }

  private void row(String label, Object value) {
    out().printf(ROW, label, value);
  }

  private static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
