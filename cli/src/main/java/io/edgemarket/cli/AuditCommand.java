package io.edgemarket.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.cli.market.EvmConfig;
import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.sdk.AnchorReport;
import io.edgemarket.sdk.AuditException;
import io.edgemarket.sdk.AuditReport;
import io.edgemarket.sdk.Auditor;
import io.edgemarket.sdk.Discrepancy;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.QueryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code edgemarket audit}: runs the {@link Auditor} as the market's auditor identity. It reads the
 * ledger through the broker's relay (the ledger itself authenticates every query and endorses every
 * answer, which the auditor verifies); when no broker answers and the data directory holds the
 * embedded ledger, it reads that ledger directly (verifying its whole chain), so a market can be
 * audited after it has stopped. On the embedded ledger it keeps the ledger's signed checkpoint in
 * DIR/identities/auditor/{@value #CHECKPOINT_FILE} and demands, audit after audit, that the ledger
 * still holds the block it names.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Verify the whole market from the ledger, as DIR/identities/auditor (--as is ignored):"
          + " every batch's Merkle root, every settled receipt's proof, signatures, price and fee"
          + " split, conservation of money, and every balance against the journal.",
      "Progress on stderr, a summary on stdout. Exit codes: 0 no discrepancy, 1 discrepancies"
          + " found, 2 the audit could not be completed, 3 bad usage."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class AuditCommand extends ClientCommand {
  static final String AUDITOR = "auditor";
  static final String CHECKPOINT_FILE = "ledger-checkpoint.json";

  @ParentCommand EdgeMarketCli root;
  @Mixin CommonOptions common;

  @Option(names = "--json", description = "Print only the JSON report on stdout.")
  boolean json;

  @Option(
      names = "--ledger",
      paramLabel = "KIND",
      converter = LedgerOption.class,
      description =
          "Ledger to audit: embedded (through the broker, or its files when the market is"
              + " stopped) or fabric (the auditor's organisation's peer). Default: the ledger the"
              + " market in DIR runs on.")
  LedgerKind ledger;

  @Option(
      names = "--rpc",
      paramLabel = "URL",
      description =
          "The market's chain node, to check every anchored root there (default: rpcUrl in"
              + " DIR/evm.json; without either, anchors are not checked on chain).")
  String rpc;

  @Option(
      names = "--escrow",
      paramLabel = "ADDR",
      description = "The market's EdgeEscrow on that chain (default: escrow in DIR/evm.json).")
  String escrow;

  /** The anchor check's result; null when it was not run (no chain known). */
  private AnchorReport anchors;

  /** Why the anchor check could not be completed (the chain unreachable), or null. */
  private String anchorsFailed;

  @Option(
      names = "--publish",
      description =
          "Also hand the report to the broker, whose web UI's ledger explorer shows the latest"
              + " one with the auditor's name (the broker keeps it and vouches for nothing in it).")
  boolean publish;

  @Override
  EdgeMarketCli root() {
    return root;
  }

  @Override
  CommonOptions common() {
    return common;
  }

  @Override
  int run() throws Exception {
    Identity auditor = identity(AUDITOR);
    TrustRoots trustRoot = trustRootsOrNull();
    LedgerKind recorded = market().ledgerKind();
    if (ledger != null && ledger != recorded) {
      throw CliException.usage(
          market().root()
              + " holds a market on the "
              + recorded.label()
              + " ledger, not "
              + ledger.label()
              + ": pass the --data DIR of the market to audit");
    }
    if (recorded == LedgerKind.FABRIC) {
      err().println("edgemarket: auditing the Fabric ledger through the auditor's peer");
      AuditReport report;
      try (LedgerGateway peer = fabricLedgerOrNull(auditor)) {
        report = audit(Auditor.builder().ledger(peer), trustRoot);
      }
      return finish(report, auditor);
    }
    if (trustRoot == null) {
      err()
          .println(
              "edgemarket: warning: no ca-cert.pem in "
                  + market().root()
                  + "; registered certificates are taken on trust");
    }
    Path kept = market().identityDir(AUDITOR).resolve(CHECKPOINT_FILE);
    AuditReport report;
    try {
      report =
          audit(
              Auditor.builder().broker(common.broker()).identity(auditor).checkpointFile(kept),
              trustRoot);
    } catch (AuditException e) {
      if (!e.isUnreachable() || !LocalLedger.exists(market())) {
        throw e;
      }
      err()
          .println(
              "edgemarket: no broker at "
                  + common.broker()
                  + "; auditing the ledger in "
                  + LocalLedger.directory(market())
                  + " directly");
      try (LedgerGateway ledger = LocalLedger.open(market(), auditor)) {
        report = audit(Auditor.builder().ledger(ledger).checkpointFile(kept), trustRoot);
      }
    }
    return finish(report, auditor);
  }

  private int finish(AuditReport report, Identity auditor) throws QueryException {
    print(report);
    if (publish) {
      try (EdgeMarket client = connect(Duration.ofSeconds(30), auditor)) {
        client.publishAuditReport(report);
      }
      err().println("edgemarket: report published to " + common.broker() + " (ledger explorer)");
    }
    return exitCode(report);
  }

  private int exitCode(AuditReport report) {
    if (!report.ok() || (anchors != null && !anchors.ok())) {
      return ExitCodes.FUNCTION_ERROR;
    }
    if (anchorsFailed != null) {
      err().println("edgemarket: anchors not checked on chain: " + anchorsFailed);
      return ExitCodes.FAILED;
    }
    return ExitCodes.OK;
  }

  private AuditReport audit(Auditor.Builder builder, TrustRoots trustRoot) throws AuditException {
    if (trustRoot != null) {
      builder.trustRoots(trustRoot);
    }
    EvmOptions chainOptions = new EvmOptions();
    chainOptions.rpc = rpc;
    chainOptions.escrow = escrow;
    Optional<EvmOptions.EvmTarget> target = chainOptions.target(market());
    try (Auditor auditor = builder.build()) {
      AuditReport report = auditor.audit(line -> err().println("audit: " + line));
      if (target.isEmpty()) {
        err()
            .println(
                "edgemarket: anchors not checked on chain: no "
                    + EvmConfig.file(market())
                    + " and no --rpc URL --escrow ADDR");
        return report;
      }
      // The ledger's report stands on its own: a chain that cannot be read is reported beside it.
      try (EvmAccount chain = EvmAccount.readOnly(target.get())) {
        anchors =
            auditor.auditAnchors(new EvmAnchors(chain), line -> err().println("audit: " + line));
      } catch (CliException | AuditException e) {
        anchorsFailed = e.getMessage();
      }
      return report;
    }
  }

  private void print(AuditReport report) {
    if (json) {
      ObjectNode node =
          Json.mapper()
              .createObjectNode()
              .put("ok", report.ok() && (anchors == null || anchors.ok()));
      node.setAll((ObjectNode) Json.mapper().valueToTree(report));
      if (anchors != null) {
        node.set("anchors", Json.mapper().valueToTree(anchors));
      }
      out().println(node.toPrettyString());
      return;
    }
    out()
        .printf(
            "audit %s: %d batches, %d receipts, %d settled (%d in broker fees), %d accounts, %d"
                + " journal entries, %d discrepancies%n",
            report.ok() ? "passed" : "FAILED",
            report.batches(),
            report.receiptsChecked(),
            report.totalSettledAmount(),
            report.totalFees(),
            report.accounts(),
            report.journalEntries(),
            report.discrepancies().size());
    for (Discrepancy d : report.discrepancies()) {
      out().println("  " + d.kind() + " " + d.id() + ": " + d.message());
    }
    if (anchors != null && anchors.ok()) {
      out().println("anchors: " + anchors.anchors() + " anchors match");
    } else if (anchors != null) {
      AnchorReport.Mismatch m = anchors.mismatch();
      out()
          .println(
              "anchors: MISMATCH at anchor "
                  + m.sequence()
                  + " of "
                  + anchors.anchors()
                  + " (batch "
                  + m.batchId()
                  + ", chain tx "
                  + m.chainTxHash()
                  + "): "
                  + m.message());
    }
  }
}
