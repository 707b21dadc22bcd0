package io.edgemarket.chaincode;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Dispute;
import io.edgemarket.model.ledger.Records.Rejection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Settlement as a dispute's state allows: while a dispute about an invocation is OPEN none of its
 * runs settles (DISPUTED, so the broker may try again later); once resolved, only runs whose output
 * is the verdict's correct one settle, and none of an unresolved one.
 *
 * <p>One read per distinct invocation of the batch ({@code DISPUTE~invocationId}, usually absent).
 * It is what makes the two race safely: OpenDispute writes that key, so a batch that read it absent
 * and a dispute opened meanwhile cannot both commit (Fabric's MVCC check fails the later one).
 */
final class DisputeChecks {
  private final ChaincodeStub stub;
  private final Map<String, Optional<Dispute>> disputes = new HashMap<>();

  DisputeChecks(ChaincodeStub stub) {
    this.stub = stub;
  }

  Rejection rejection(Receipt receipt) {
    Dispute dispute =
        disputes
            .computeIfAbsent(
                receipt.invocationId(), i -> Optional.ofNullable(Disputes.find(stub, i)))
            .orElse(null);
    String runId = receipt.assignment().runId();
    if (dispute == null) {
      return null;
    }
    if (Dispute.OPEN.equals(dispute.status())) {
      return new Rejection(
          runId, ErrorCodes.DISPUTED, "invocation " + receipt.invocationId() + " is disputed");
    }
    if (Dispute.UNRESOLVED.equals(dispute.outcome())) {
      return new Rejection(
          runId,
          ErrorCodes.BAD_RECEIPT,
          "the dispute about " + receipt.invocationId() + " ended unresolved: no run settles");
    }
    if (!String.valueOf(receipt.outputDigest()).equals(dispute.correctOutputDigest())) {
      return new Rejection(
          runId,
          ErrorCodes.BAD_RECEIPT,
          "the dispute about this invocation found its output wrong");
    }
    return null;
  }
}
