package io.edgemarket.ledger.embedded;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * The shim's query result types. Values are copied on every access, as the shim's protobuf-backed
 * ones are, so contract code that mutates an array it was given cannot reach committed state.
 */
final class QueryResults {
  private QueryResults() {}

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
      return new String(value, StandardCharsets.UTF_8);
    }
  }

  /** One history entry; a delete carries an empty value, as in Fabric. */
  record Modification(String txId, Instant timestamp, boolean deleted, byte[] value)
      implements KeyModification {
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
      return new String(getValue(), StandardCharsets.UTF_8);
    }

    @Override
    public Instant getTimestamp() {
      return timestamp;
    }

    @Override
    public boolean isDeleted() {
      return deleted;
    }
  }

  /** Results already fetched in full: a history, or one page of a paginated query. */
  static final class Fetched<T>
      implements QueryResultsIterator<T>, QueryResultsIteratorWithMetadata<T> {
    private final List<T> items;
    private final QueryResponseMetadata metadata;

    Fetched(List<T> items, QueryResponseMetadata metadata) {
      this.items = List.copyOf(items);
      this.metadata = metadata;
    }

    @Override
    public Iterator<T> iterator() {
      return items.iterator();
    }

    @Override
    public QueryResponseMetadata getMetadata() {
      return metadata;
    }

    @Override
    public void close() {
      // nothing is held open
    }
  }
}
