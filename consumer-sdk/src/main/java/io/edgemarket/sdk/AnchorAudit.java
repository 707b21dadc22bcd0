package io.edgemarket.sdk;

import io.edgemarket.model.ledger.BridgeRecords;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checks every anchor the ledger lists, in sequence order, against the ledger's own root of its
 * batch ({@code audit:ListBatches}) and the root the chain holds for it; stops at the first
 * mismatch, since every later anchor's trust rests on the earlier ones.
 */
final class AnchorAudit {
  private final LedgerGateway ledger;
  private final int pageSize;

  AnchorAudit(LedgerGateway ledger, int pageSize) {
    this.ledger = ledger;
    this.pageSize = pageSize;
  }

  AnchorReport audit(AnchoredRoots chain, Consumer<String> progress) throws AuditException {
    Map<String, String> batchRoots = new HashMap<>();
    List<BridgeRecords.Anchor> anchors = new ArrayList<>();
    try {
      Pager pager = new Pager(ledger, pageSize);
      pager.each(
          Transactions.LIST_BATCHES,
          Records.BatchSummary.class,
          b -> batchRoots.put(b.batchId(), b.merkleRoot()));
      pager.each(Transactions.LIST_ANCHORS, BridgeRecords.Anchor.class, anchors::add);
    } catch (LedgerException e) {
      throw new AuditException(
          Failure.of(e.code()).transactionId(e.transactionId()),
          "anchor check stopped: " + e.getMessage(),
          e);
    } catch (IllegalArgumentException e) {
      throw new AuditException(
          Failure.of(ErrorCodes.INTERNAL), "anchor check stopped: " + e.getMessage(), e);
    }
    progress.accept("anchors: " + anchors.size());
    int matched = 0;
    for (BridgeRecords.Anchor anchor : anchors) {
      String ledgerRoot = batchRoots.get(anchor.batchId());
      Optional<String> onChain;
      try {
        onChain = chain.rootOf(anchor);
      } catch (Exception e) {
        throw new AuditException(
            Failure.of(ErrorCodes.UNAVAILABLE).id(anchor.chainTxHash()),
            "anchor check stopped: cannot read anchor "
                + anchor.sequence()
                + " (tx "
                + anchor.chainTxHash()
                + ") on chain: "
                + e.getMessage(),
            e);
      }
      String problem = problem(anchor, ledgerRoot, onChain.orElse(null));
      if (problem != null) {
        return new AnchorReport(
            anchors.size(),
            matched,
            new AnchorReport.Mismatch(
                anchor.sequence(),
                anchor.batchId(),
                anchor.chainTxHash(),
                ledgerRoot,
                anchor.merkleRoot(),
                onChain.orElse(null),
                problem));
      }
      matched++;
    }
    return new AnchorReport(anchors.size(), matched, null);
  }

  private static String problem(BridgeRecords.Anchor anchor, String ledgerRoot, String chainRoot) {
    if (ledgerRoot == null) {
      return "the ledger lists no batch " + anchor.batchId();
    }
    if (!same(ledgerRoot, anchor.merkleRoot())) {
      return "the anchor record holds "
          + anchor.merkleRoot()
          + ", the batch's root is "
          + ledgerRoot;
    }
    if (chainRoot == null) {
      return "the chain holds no root for transaction " + anchor.chainTxHash();
    }
    if (!same(ledgerRoot, chainRoot)) {
      return "the chain anchored " + chainRoot + ", the ledger's root is " + ledgerRoot;
    }
    return null;
  }

  /** Roots compare without {@code 0x} and case, as the chaincode compares them. */
  static boolean same(String a, String b) {
    return canonical(a).equals(canonical(b));
  }

  private static String canonical(String root) {
    String lower = root.strip().toLowerCase(Locale.ROOT);
    return lower.startsWith("0x") ? lower.substring(2) : lower;
  }
}
