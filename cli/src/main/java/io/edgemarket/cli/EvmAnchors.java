package io.edgemarket.cli;

import io.edgemarket.bridge.contracts.EdgeEscrow;
import io.edgemarket.model.ledger.BridgeRecords;
import io.edgemarket.sdk.AnchoredRoots;
import java.math.BigInteger;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * What the escrow holds for an anchor the ledger lists: the height its transaction anchored (its
 * {@code Anchored} event), then the root the escrow stores at that height now ({@code
 * anchors(height)}). Reading the height from the event, not assuming one, checks the anchor the
 * bridge says it made, wherever it put it.
 */
final class EvmAnchors implements AnchoredRoots {
  private static final String ANCHORED = EventEncoder.encode(EdgeEscrow.ANCHORED_EVENT);

  private final EvmAccount chain;

  EvmAnchors(EvmAccount chain) {
    this.chain = chain;
  }

  @Override
  public Optional<String> rootOf(BridgeRecords.Anchor anchor) throws Exception {
    Optional<TransactionReceipt> receipt =
        chain.web3j().ethGetTransactionReceipt(anchor.chainTxHash()).send().getTransactionReceipt();
    if (receipt.isEmpty() || !receipt.get().isStatusOK()) {
      return Optional.empty();
    }
    String escrow = chain.escrow().getContractAddress();
    for (Log log : receipt.get().getLogs()) {
      if (log.getAddress().equalsIgnoreCase(escrow)
          && !log.getTopics().isEmpty()
          && log.getTopics().get(0).equalsIgnoreCase(ANCHORED)) {
        BigInteger height = EdgeEscrow.getAnchoredEventFromLog(log).height;
        byte[] stored = chain.escrow().anchors(height).send();
        return new BigInteger(1, stored).signum() == 0
            ? Optional.empty()
            : Optional.of(Numeric.toHexString(stored));
      }
    }
    return Optional.empty();
  }
}
