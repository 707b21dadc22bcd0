package io.edgemarket.bridge.service;

import io.edgemarket.model.ledger.BridgeRecords.Anchor;
import io.edgemarket.model.ledger.Records.BatchSummary;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.utils.Numeric;

/**
 * Anchors: once {@code every} batches have settled since the last anchored one, the latest settled
 * batch's root is written to the escrow at height (the ledger's anchor count + 1), the ledger's
 * number for that anchor, and recorded with the chain's transaction hash. A run killed between the
 * two finds the height taken on chain on its next pass and records that anchor, with the
 * transaction that wrote it, instead of writing another.
 */
final class AnchorDuty {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeService.class);
  private static final Comparator<BatchSummary> SETTLEMENT_ORDER =
      Comparator.comparingLong(BatchSummary::settledAt).thenComparing(BatchSummary::batchId);

  private final EscrowChain chain;
  private final BridgeLedger ledger;
  private final int every;
  private final Counters counters;

  AnchorDuty(EscrowChain chain, BridgeLedger ledger, int every, Counters counters) {
    this.chain = chain;
    this.ledger = ledger;
    this.every = every;
    this.counters = counters;
  }

  /** Anchors at most one root; returns how many anchors it recorded (0 or 1). */
  int run() throws Exception {
    List<Anchor> anchors = ledger.anchors();
    Set<String> anchoredIds = anchors.stream().map(Anchor::batchId).collect(Collectors.toSet());
    long lastSettledAt = anchors.isEmpty() ? Long.MIN_VALUE : last(anchors).batchSettledAt();
    // Batches the ledger would still take, oldest first: not anchored, not settled before the
    // last anchored one (RecordAnchor keeps settlement order).
    List<BatchSummary> open =
        ledger.batches().stream()
            .filter(b -> !anchoredIds.contains(b.batchId()) && b.settledAt() >= lastSettledAt)
            .sorted(SETTLEMENT_ORDER)
            .toList();
    long height = anchors.size() + 1L;
    Optional<byte[]> onChain = chain.anchored(height);
    if (onChain.isPresent()) {
      return recordEarlierAnchor(height, onChain.get(), open);
    }
    if (open.size() < every) {
      return 0;
    }
    BatchSummary latest = open.get(open.size() - 1);
    byte[] root = root(latest.merkleRoot());
    String txHash = chain.anchor(height, root).getTransactionHash().toLowerCase(Locale.ROOT);
    ledger.recordAnchor(latest.batchId(), latest.merkleRoot(), txHash);
    counters.anchorsRecorded.incrementAndGet();
    LOG.info(
        "bridge: anchored batch {} root {} at height {} in {} ({} batches since the last anchor)",
        latest.batchId(),
        latest.merkleRoot(),
        height,
        txHash,
        open.size());
    return 1;
  }

  /** The chain holds a root at {@code height} the ledger has not recorded: record it now. */
  private int recordEarlierAnchor(long height, byte[] root, List<BatchSummary> open)
      throws Exception {
    Optional<BatchSummary> batch =
        open.stream()
            .filter(b -> Arrays.equals(root(b.merkleRoot()), root))
            .reduce((first, second) -> second);
    Optional<String> txHash = chain.anchoring(height);
    if (batch.isEmpty() || txHash.isEmpty()) {
      throw new BridgeException(
          "height "
              + height
              + " of the escrow holds root "
              + Numeric.toHexString(root)
              + (batch.isEmpty()
                  ? ", the root of no batch the ledger could anchor next"
                  : ", but no Anchored event for it was found")
              + "; anchoring stops until an operator looks");
    }
    ledger.recordAnchor(batch.get().batchId(), batch.get().merkleRoot(), txHash.get());
    counters.anchorsRecorded.incrementAndGet();
    LOG.info(
        "bridge: height {} was anchored in {} already (batch {}); recorded",
        height,
        txHash.get(),
        batch.get().batchId());
    return 1;
  }

  private static byte[] root(String hex) {
    byte[] root = Numeric.hexStringToByteArray(hex);
    if (root.length != 32) {
      throw new IllegalStateException("a batch root of " + root.length + " bytes: " + hex);
    }
    return root;
  }

  private static Anchor last(List<Anchor> anchors) {
    return anchors.get(anchors.size() - 1);
  }
}
