package io.edgemarket.cli.demo;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records.BatchRecord;
import io.edgemarket.model.ledger.Records.Participant;
import io.edgemarket.model.ledger.Records.ProvenReceipt;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.model.merkle.MerkleTree;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies one paid invocation end to end as an auditor would, trusting only the ledger and the
 * output the consumer received: the receipt's place in its batch's Merkle root, both signatures
 * against the certificates registered on the ledger, the price, and the output digest.
 */
public final class DemoReceiptProof {
  private final LedgerGateway auditor;

  public DemoReceiptProof(LedgerGateway auditor) {
    this.auditor = auditor;
  }

  /** The problems found; empty when the receipt is fully verified. */
  public List<String> problems(String invocationId, byte[] outputReceived) throws LedgerException {
    List<String> problems = new ArrayList<>();
    ProvenReceipt proven =
        Json.read(auditor.evaluate(Transactions.GET_RECEIPT, invocationId), ProvenReceipt.class);
    BatchRecord batch =
        Json.read(auditor.evaluate(Transactions.GET_BATCH, proven.batchId()), BatchRecord.class);
    Receipt receipt = proven.receipt();
    String recomputedRoot =
        MerkleTree.of(
                batch.leaves().stream().map(io.edgemarket.model.crypto.Crypto::unhex).toList())
            .rootHex();
    if (!recomputedRoot.equals(batch.merkleRoot())) {
      problems.add("batch " + batch.batchId() + " root does not match its leaves");
    }
    if (!proven.proof().verifies(receipt.leafHash(), batch.merkleRoot())) {
      problems.add("Merkle proof does not lead to the batch root");
    }
    if (!receipt.verify(keyOf(receipt.providerId()))) {
      problems.add("provider signature does not verify");
    }
    if (!receipt.ticket().verify(keyOf(receipt.ticket().consumerId()))) {
      problems.add("consumer ticket signature does not verify");
    }
    if (!receipt.amountIsConsistent() || receipt.amount() > receipt.ticket().maxPrice()) {
      problems.add("amount is not what the metered usage costs within the ticket's limit");
    }
    if (proven.providerShare() + proven.brokerFee() != receipt.amount()) {
      problems.add("provider share and broker fee do not add up to the amount");
    }
    if (!receipt.matchesOutput(outputReceived)) {
      problems.add("output received does not match the receipt's output digest");
    }
    return problems;
  }

  private PublicKey keyOf(String participantId) throws LedgerException {
    Participant participant =
        Json.read(auditor.evaluate(Transactions.GET_PARTICIPANT, participantId), Participant.class);
    return Pem.certificate(participant.certificatePem()).getPublicKey();
  }
}
