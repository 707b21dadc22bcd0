package io.edgemarket.chaincode;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Records.ReceiptQuery;
import io.edgemarket.model.ledger.Records.ReceiptRecord;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Settled receipts and their three indexes: by provider and by consumer (composite keys ordered by
 * finishing time within the participant) and by time (simple keys, so a window is one range scan).
 * Index values hold the invocation id: Fabric treats an empty value as a delete.
 */
final class ReceiptIndex {
  static final String BY_PROVIDER = "provider";
  static final String BY_CONSUMER = "consumer";
  static final String BY_TIME = "time";

  private ReceiptIndex() {}

  static void store(ChaincodeStub stub, ReceiptRecord record) {
    Receipt receipt = record.receipt();
    // The primary run's keys are the invocation id, as before redundant runs existed.
    String id = receipt.assignment().runId();
    String finished = Keys.millis(receipt.finishedAt());
    byte[] pointer = id.getBytes(UTF_8);
    State.write(stub, Keys.of(stub, Keys.RECEIPT, id), record);
    stub.putState(Keys.of(stub, Keys.BY_PROVIDER, receipt.providerId(), finished, id), pointer);
    stub.putState(
        Keys.of(stub, Keys.BY_CONSUMER, receipt.ticket().consumerId(), finished, id), pointer);
    stub.putState(Keys.timeIndex(receipt.finishedAt(), id), pointer);
  }

  static ReceiptRecord find(ChaincodeStub stub, String invocationId) {
    return State.read(stub, Keys.of(stub, Keys.RECEIPT, invocationId), ReceiptRecord.class);
  }

  /**
   * One page of receipts finished within [fromMs, toMs]. By provider or consumer the scan runs over
   * that participant's index and skips entries outside the window (it stops at the first entry past
   * toMs), so a page may hold fewer than pageSize records while the bookmark is not empty.
   */
  static Page<ReceiptRecord> query(ChaincodeStub stub, ReceiptQuery query) {
    long from = query.fromMs() == null ? 0 : query.fromMs();
    long to = query.toMs() == null ? Long.MAX_VALUE : query.toMs();
    if (from < 0 || to < from) {
      throw Errors.badRequest("need 0 <= fromMs <= toMs");
    }
    int pageSize = Args.pageSize(query.pageSize());
    String bookmark = Args.bookmark(query.bookmark());
    if (BY_TIME.equals(query.by())) {
      Rows.Slice slice =
          Rows.range(stub, Keys.timeIndexFrom(from), Keys.timeIndexAfter(to), pageSize, bookmark);
      return new Page<>(records(stub, slice.rows()), slice.bookmark());
    }
    String type = BY_PROVIDER.equals(query.by()) ? Keys.BY_PROVIDER : Keys.BY_CONSUMER;
    Rows.Slice slice = Rows.page(stub, pageSize, bookmark, type, query.id());
    List<Rows.Row> inWindow = new ArrayList<>();
    boolean pastWindow = false;
    for (Rows.Row row : slice.rows()) {
      long finished = Long.parseLong(stub.splitCompositeKey(row.key()).getAttributes().get(1));
      if (finished > to) {
        pastWindow = true;
        break;
      }
      if (finished >= from) {
        inWindow.add(row);
      }
    }
    return new Page<>(records(stub, inWindow), pastWindow ? "" : slice.bookmark());
  }

  private static List<ReceiptRecord> records(ChaincodeStub stub, List<Rows.Row> rows) {
    List<ReceiptRecord> records = new ArrayList<>();
    for (Rows.Row row : rows) {
      ReceiptRecord record = find(stub, new String(row.value(), UTF_8));
      if (record != null) {
        records.add(record);
      }
    }
    return records;
  }
}
