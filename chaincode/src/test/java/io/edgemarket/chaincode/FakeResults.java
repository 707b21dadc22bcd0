package io.edgemarket.chaincode;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/** Result types for {@link FakeStub}: snapshots, so closing them releases nothing. */
final class FakeResults {
  private FakeResults() {}

  record Kv(String key, byte[] value) implements KeyValue {
    @Override
    public String getKey() {
      return key;
    }

    @Override
    public byte[] getValue() {
      return value.clone();
    }

    @Override
    public String getStringValue() {
      return new String(value, UTF_8);
    }
  }

  record Modification(String txId, Instant timestamp, byte[] value) implements KeyModification {
    @Override
    public String getTxId() {
      return txId;
    }

    @Override
    public byte[] getValue() {
      return value == null ? new byte[0] : value.clone();
    }

    @Override
    public String getStringValue() {
      return new String(getValue(), UTF_8);
    }

    @Override
    public Instant getTimestamp() {
      return timestamp;
    }

    @Override
    public boolean isDeleted() {
      return value == null;
    }
  }

  static <T> QueryResultsIterator<T> of(List<T> items) {
    return new QueryResultsIterator<>() {
      @Override
      public Iterator<T> iterator() {
        return items.iterator();
      }

      @Override
      public void close() {}
    };
  }

  private static QueryResultsIteratorWithMetadata<KeyValue> page(
      List<KeyValue> items, String bookmark) {
    QueryResponseMetadata metadata =
        QueryResponseMetadata.newBuilder()
            .setFetchedRecordsCount(items.size())
            .setBookmark(bookmark)
            .build();
    return new QueryResultsIteratorWithMetadata<>() {
      @Override
      public Iterator<KeyValue> iterator() {
        return items.iterator();
      }

      @Override
      public QueryResponseMetadata getMetadata() {
        return metadata;
      }

      @Override
      public void close() {}
    };
  }

  /**
   * One page from the bookmark (the first key to return) on; the next bookmark is the key after it.
   */
  static QueryResultsIteratorWithMetadata<KeyValue> page(
      List<KeyValue> rows, int pageSize, String bookmark) {
    if (pageSize <= 0) {
      throw new IllegalArgumentException("pageSize must be positive");
    }
    List<KeyValue> from = rows;
    if (bookmark != null && !bookmark.isEmpty()) {
      from =
          rows.stream()
              .filter(kv -> FakeLedger.UTF8_ORDER.compare(kv.getKey(), bookmark) >= 0)
              .toList();
    }
    List<KeyValue> page = from.subList(0, Math.min(pageSize, from.size()));
    String next = from.size() > pageSize ? from.get(pageSize).getKey() : "";
    return page(List.copyOf(page), next);
  }
}
