package io.edgemarket.chaincode;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Sampling;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.ledger.Records.ReceiptRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * What a run must satisfy beyond its own receipt: a redundant run (replica &gt; 0) is paid only for
 * a ticket its function's sampling rule selected at trust level {@code redundant}, and only on
 * another provider than every other run of the invocation; and every run's offer must have at least
 * the function version's minimum stake locked.
 *
 * <p>Reads, per receipt: none for an unsampled primary run of a function without a minimum stake;
 * the other runs' {@code RECEIPT} keys (at most two) for a sampled run of a redundant function; one
 * {@code STAKE} key per distinct offer of the batch when the function asks for a stake.
 */
final class RunChecks {
  private final ChaincodeStub stub;
  private final Map<String, List<String>> paidInBatch = new HashMap<>();
  private final Map<String, Long> stakes = new HashMap<>();

  RunChecks(ChaincodeStub stub) {
    this.stub = stub;
  }

  /** Null when the run may be paid, else why not. */
  String problem(Receipt receipt, FunctionSpec function) {
    Assignment assignment = receipt.assignment();
    boolean redundant =
        function.trustLevel() == TrustLevel.REDUNDANT
            && Sampling.sampled(receipt.ticket(), function.samplePpm());
    if (assignment.replica() != Assignment.PRIMARY && !redundant) {
      return "run "
          + assignment.replica()
          + " of a ticket its function ("
          + function.trustLevel().name().toLowerCase(java.util.Locale.ROOT)
          + ", sample "
          + function.samplePpm()
          + " ppm) does not run redundantly";
    }
    if (redundant) {
      String other = otherRunBy(receipt);
      if (other != null) {
        return "run " + other + " of this invocation is already " + receipt.providerId() + "'s";
      }
    }
    if (function.minStake() > 0) {
      long staked =
          stakes.computeIfAbsent(
              receipt.offerId(),
              o -> Stakes.held(Stakes.find(stub, receipt.providerId(), receipt.offerId())));
      if (staked < function.minStake()) {
        return "offer "
            + receipt.offerId()
            + " has "
            + staked
            + " staked, the function needs "
            + function.minStake();
      }
    }
    return null;
  }

  void paid(Receipt receipt) {
    paidInBatch
        .computeIfAbsent(receipt.invocationId(), i -> new ArrayList<>())
        .add(receipt.providerId());
  }

  /** The id of another run of the invocation by the same provider, settled or in this batch. */
  private String otherRunBy(Receipt receipt) {
    String invocation = receipt.invocationId();
    if (paidInBatch.getOrDefault(invocation, List.of()).contains(receipt.providerId())) {
      return "in this batch";
    }
    for (int replica = 0; replica < Assignment.MAX_REPLICAS; replica++) {
      if (replica == receipt.assignment().replica()) {
        continue;
      }
      String runId = replica == Assignment.PRIMARY ? invocation : invocation + "#" + replica;
      ReceiptRecord settled = ReceiptIndex.find(stub, runId);
      if (settled != null && settled.receipt().providerId().equals(receipt.providerId())) {
        return runId;
      }
    }
    return null;
  }
}
