package io.edgemarket.chaincode;

import io.edgemarket.model.Role;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords.Anchor;
import io.edgemarket.model.ledger.BridgeRecords.AnchorHead;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.BatchRecord;
import io.edgemarket.model.ledger.Records.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Anchors: settlement roots the bridge wrote to a chain, so that anyone holding a receipt's Merkle
 * proof can check it against a chain as well as the ledger. Batches are identified by their id (the
 * broker's, a UUID); the ledger numbers anchors 1, 2, … in the order they are recorded and keeps
 * them in settlement order: a batch settled before the last anchored one is refused.
 */
final class Anchors {
  private Anchors() {}

  static String record(Context ctx, String batchIdText, String rootText, String chainTxHash) {
    Caller bridge = Caller.registered(ctx).require(Role.BRIDGE);
    ChaincodeStub stub = ctx.getStub();
    String batchId = Args.id("batchId", batchIdText);
    String root = BridgeArgs.root(rootText);
    String hash = BridgeArgs.txHash("chainTxHash", chainTxHash);
    BatchRecord batch = State.read(stub, Keys.of(stub, Keys.BATCH, batchId), BatchRecord.class);
    if (batch == null) {
      throw Errors.notFound("no settled batch " + batchId);
    }
    if (!root.equals(batch.merkleRoot().toLowerCase(Locale.ROOT))) {
      throw Errors.error(
          ErrorCodes.MERKLE_MISMATCH,
          "batch " + batchId + " has root " + batch.merkleRoot() + ", not " + root);
    }
    String byBatch = Keys.of(stub, Keys.ANCHOR_BY_BATCH, batchId);
    String sequence = State.read(stub, byBatch, String.class);
    if (sequence != null) {
      Anchor first = State.read(stub, Keys.of(stub, Keys.ANCHOR, sequence), Anchor.class);
      if (first.chainTxHash().equals(hash)) {
        return Json.write(first);
      }
      throw Errors.error(
          ErrorCodes.CONFLICT,
          "batch " + batchId + " was anchored in " + first.chainTxHash() + ", not " + hash);
    }
    String headKey = Keys.of(stub, Keys.ANCHOR_HEAD, Keys.MARKET);
    AnchorHead head = State.read(stub, headKey, AnchorHead.class);
    if (head != null && batch.settledAt() < head.lastSettledAt()) {
      throw Errors.badRequest(
          "batch "
              + batchId
              + " settled before "
              + head.lastBatchId()
              + ", which is anchored already; anchors follow settlement order");
    }
    long next = head == null ? 1 : head.count() + 1;
    Anchor anchor =
        new Anchor(
            next,
            batchId,
            batch.merkleRoot(),
            hash,
            batch.settledAt(),
            State.now(stub),
            stub.getTxId(),
            bridge.id());
    String nextKey = Keys.millis(next);
    State.write(stub, Keys.of(stub, Keys.ANCHOR, nextKey), anchor);
    State.write(stub, byBatch, nextKey);
    State.write(stub, headKey, new AnchorHead(next, batchId, batch.settledAt()));
    return Json.write(anchor);
  }

  /** bridge:ListAnchors: every anchor in sequence order; any registered participant. */
  static String list(Context ctx, String pageSizeText, String bookmarkText) {
    Caller.registered(ctx);
    Rows.Slice slice =
        Rows.page(
            ctx.getStub(), Args.pageSize(pageSizeText), Args.bookmark(bookmarkText), Keys.ANCHOR);
    List<Anchor> anchors = new ArrayList<>();
    for (Rows.Row row : slice.rows()) {
      anchors.add(Json.read(row.value(), Anchor.class));
    }
    return Json.write(new Page<>(anchors, slice.bookmark()));
  }
}
