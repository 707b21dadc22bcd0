package io.edgemarket.chaincode;

import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * Key scans, copied out of the shim's iterators (which hold a peer-side cursor) into lists.
 *
 * <p>Fabric runs paginated queries only in read-only transactions, so submit transactions use
 * {@link #all}, and listings ({@code EVALUATE}) use the paged forms.
 */
final class Rows {
  record Row(String key, byte[] value) {}

  record Slice(List<Row> rows, String bookmark) {}

  private Rows() {}

  static List<Row> all(ChaincodeStub stub, String type, String... attributes) {
    List<Row> rows = new ArrayList<>();
    try (QueryResultsIterator<KeyValue> results =
        stub.getStateByPartialCompositeKey(stub.createCompositeKey(type, attributes))) {
      for (KeyValue kv : results) {
        rows.add(new Row(kv.getKey(), kv.getValue()));
      }
    }
    return rows;
  }

  /** At most {@code limit} rows of a partial-key scan, the scan closed early past them. */
  static List<Row> first(ChaincodeStub stub, int limit, String type, String... attributes) {
    List<Row> rows = new ArrayList<>();
    try (QueryResultsIterator<KeyValue> results =
        stub.getStateByPartialCompositeKey(stub.createCompositeKey(type, attributes))) {
      for (KeyValue kv : results) {
        if (rows.size() == limit) {
          break;
        }
        rows.add(new Row(kv.getKey(), kv.getValue()));
      }
    }
    return rows;
  }

  static Slice page(
      ChaincodeStub stub, int pageSize, String bookmark, String type, String... attributes) {
    CompositeKey partial = stub.createCompositeKey(type, attributes);
    try (QueryResultsIteratorWithMetadata<KeyValue> results =
        stub.getStateByPartialCompositeKeyWithPagination(partial, pageSize, bookmark)) {
      return slice(results, pageSize);
    }
  }

  static Slice range(
      ChaincodeStub stub, String startKey, String endKey, int pageSize, String bookmark) {
    try (QueryResultsIteratorWithMetadata<KeyValue> results =
        stub.getStateByRangeWithPagination(startKey, endKey, pageSize, bookmark)) {
      return slice(results, pageSize);
    }
  }

  private static Slice slice(QueryResultsIteratorWithMetadata<KeyValue> results, int pageSize) {
    List<Row> rows = new ArrayList<>();
    for (KeyValue kv : results) {
      rows.add(new Row(kv.getKey(), kv.getValue()));
    }
    String next = results.getMetadata() == null ? "" : results.getMetadata().getBookmark();
    // A short page is the last one whatever bookmark the backend returns, so clients can stop on
    // an empty bookmark alone.
    return new Slice(rows, rows.size() < pageSize || next == null ? "" : next);
  }
}
