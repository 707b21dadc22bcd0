package io.edgemarket.chaincode;

import io.edgemarket.model.Pricing;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.StatementCover;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.BatchRecord;
import io.edgemarket.model.ledger.Records.BatchSettled;
import io.edgemarket.model.ledger.Records.MarketConfig;
import io.edgemarket.model.ledger.Records.ReceiptRecord;
import io.edgemarket.model.ledger.Records.Rejection;
import io.edgemarket.model.ledger.Records.SettlementResult;
import io.edgemarket.model.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Settles a broker's batch of provider-signed receipts in one transaction. The batch as a whole
 * must be new and match its Merkle root; after that each receipt is paid or rejected on its own, so
 * one bad receipt never holds up the others.
 *
 * <p>MVCC: the transaction reads and rewrites only the paying consumers' accounts (coverage must be
 * checked against committed balances); providers and the broker are paid with blind credit slips,
 * so concurrent batches for different consumers commit side by side.
 */
final class Settlement {
  static final int MAX_RECEIPTS = 5000;

  private Settlement() {}

  static String settle(Context ctx, String batchJson) {
    Caller broker = Caller.registered(ctx).require(Role.BROKER);
    ChaincodeStub stub = ctx.getStub();
    SettlementBatch batch = Args.json(batchJson, SettlementBatch.class, "settlement batch");
    String batchId = Args.id("batchId", batch.batchId());
    String batchKey = Keys.of(stub, Keys.BATCH, batchId);
    if (State.exists(stub, batchKey)) {
      throw Errors.error(ErrorCodes.DUPLICATE, "batch " + batchId + " was already settled");
    }
    List<Receipt> receipts = batch.receipts();
    if (receipts.isEmpty() || receipts.size() > MAX_RECEIPTS) {
      throw Errors.badRequest("a batch holds 1.." + MAX_RECEIPTS + " receipts: " + receipts.size());
    }
    List<byte[]> leafHashes = receipts.stream().map(Receipt::leafHash).toList();
    String root = MerkleTree.of(leafHashes).rootHex();
    if (!root.equalsIgnoreCase(String.valueOf(batch.merkleRoot()))) {
      throw Errors.error(
          ErrorCodes.MERKLE_MISMATCH,
          "batch root " + batch.merkleRoot() + ", receipts give " + root);
    }

    long now = State.now(stub);
    MarketConfig config = Config.read(stub);
    int feeBps = config.feeBps();
    // A signed batch vouches for every assignment in it (each leaf covers one and its signature):
    // one verification here instead of one per receipt. A bad signature refuses the whole batch,
    // which only its own broker could have sent.
    boolean vouched = batch.brokerSignature() != null;
    if (vouched
        && !SettlementBatch.verify(
            Pem.certificate(broker.certificatePem()).getPublicKey(),
            broker.id(),
            batchId,
            root,
            batch.brokerSignature())) {
      throw Errors.error(
          ErrorCodes.BAD_SIGNATURE, "batch " + batchId + " is not signed by " + broker.id());
    }
    if (batch.statements().size() > SettlementBatch.MAX_STATEMENTS) {
      throw Errors.badRequest(
          "a batch carries at most "
              + SettlementBatch.MAX_STATEMENTS
              + " statements: "
              + batch.statements().size());
    }
    ReceiptChecks checks = new ReceiptChecks(stub, broker.id(), now, config, vouched);
    // Statements signed by providers and consumers over many receipts and tickets: each verified
    // once here stands for the signatures of the items it names (issue 11).
    StatementCover cover = checks.acceptStatements(batch.statements());
    checks.verifyAhead(receipts, leafHashes);
    Journal journal = new Journal();
    Map<String, Holding> consumers = new TreeMap<>();
    Map<String, Long> spent = new HashMap<>();
    Set<String> settledIds = new HashSet<>();
    List<String> settled = new ArrayList<>();
    List<Rejection> rejected = new ArrayList<>();
    long totalAmount = 0;
    long totalFees = 0;
    for (int i = 0; i < receipts.size(); i++) {
      Receipt receipt = receipts.get(i);
      String runId = receipt.assignment().runId();
      Rejection rejection = checks.check(receipt, settledIds);
      String consumer = receipt.ticket().consumerId();
      boolean granted = receipt.ticket().firedUnderGrant();
      if (rejection == null && granted) {
        rejection = checks.grants().overLimit(receipt);
      }
      if (rejection == null) {
        // Reads never see this transaction's writes, so the running spend is tracked here.
        Holding holding = consumers.computeIfAbsent(consumer, c -> Holding.read(stub, c));
        long available = holding.balance() - spent.getOrDefault(consumer, 0L);
        if (receipt.amount() > available) {
          rejection =
              new Rejection(
                  runId,
                  ErrorCodes.INSUFFICIENT_FUNDS,
                  consumer + " has " + available + " left, needs " + receipt.amount());
        }
      }
      if (rejection != null) {
        rejected.add(rejection);
        continue;
      }
      // Amounts are bounded by the checks, so this cannot overflow; were it ever to, only this
      // receipt would be refused, never the batch.
      long fee;
      try {
        fee = Pricing.brokerFee(receipt.amount(), feeBps);
        Math.addExact(totalAmount, receipt.amount());
      } catch (ArithmeticException e) {
        rejected.add(new Rejection(runId, ErrorCodes.BAD_RECEIPT, "amount out of range"));
        continue;
      }
      long share = receipt.amount() - fee;
      journal.post(consumer, receipt.providerId(), share);
      journal.post(consumer, broker.id(), fee);
      spent.merge(consumer, receipt.amount(), Math::addExact);
      ReceiptIndex.store(
          stub, new ReceiptRecord(receipt, batchId, i, share, fee, now, stub.getTxId()));
      checks.paid(receipt);
      if (granted) {
        checks.grants().paid(receipt);
      }
      settledIds.add(runId);
      settled.add(runId);
      totalAmount = Math.addExact(totalAmount, receipt.amount());
      totalFees = Math.addExact(totalFees, fee);
    }

    List<String> leaves = leafHashes.stream().map(Crypto::hex).toList();
    State.write(
        stub,
        batchKey,
        new BatchRecord(
            batchId,
            broker.id(),
            root,
            leaves,
            settled,
            rejected,
            totalAmount,
            totalFees,
            now,
            stub.getTxId(),
            batch.brokerSignature(),
            cover.verified()));
    checks.grants().write();
    journal.commit(stub, Journal.SETTLEMENT, batchId, consumers, broker.id());
    stub.setEvent("BatchSettled", Json.bytes(new BatchSettled(batchId, root, settled.size())));
    return Json.write(
        new SettlementResult(batchId, root, settled, rejected, totalAmount, totalFees));
  }
}
