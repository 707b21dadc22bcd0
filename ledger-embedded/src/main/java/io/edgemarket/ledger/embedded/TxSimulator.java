package io.edgemarket.ledger.embedded;

import io.edgemarket.ledger.embedded.Mvcc.KeyVersion;
import io.edgemarket.ledger.embedded.Mvcc.RangeRead;
import io.edgemarket.ledger.embedded.Mvcc.Versioned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * The peer's side of a simulation (Fabric's transaction simulator): reads committed state and
 * records what was read, buffers writes, and runs range scans and paged queries. Reads never see
 * the transaction's own writes, exactly as on a peer.
 */
final class TxSimulator {
  private final WorldState world;
  private final String txId;
  private final ReadWriteSet readWriteSet = new ReadWriteSet();
  private final List<RangeResults> scans = new ArrayList<>();
  private boolean finished;

  TxSimulator(WorldState world, String txId) {
    this.world = world;
    this.txId = txId;
  }

  byte[] getState(String key) {
    checkRunning();
    Versioned committed = world.get(Objects.requireNonNull(key, "key"));
    readWriteSet.recordRead(key, committed);
    return committed == null ? new byte[0] : committed.value().clone();
  }

  void write(String key, byte[] valueOrNullToDelete) {
    checkRunning();
    TxInput.validateKey(key);
    readWriteSet.recordWrite(key, valueOrNullToDelete);
  }

  RangeResults scan(String start, String end) {
    checkRunning();
    RangeResults results = new RangeResults(this, start, end, world.range(start, end));
    scans.add(results);
    return results;
  }

  /** A page, fetched whole as the peer does; the bookmark is the first key of the next page. */
  QueryResultsIteratorWithMetadata<KeyValue> page(
      String start, String end, int pageSize, String bookmark) {
    String mark = bookmark == null ? "" : bookmark;
    if (pageSize == 0 && mark.isEmpty()) {
      return scan(start, end); // what the peer does when no paging was asked for
    }
    checkRunning();
    readWriteSet.beforePaginatedQuery();
    String first = mark.isEmpty() ? start : mark;
    Iterator<Map.Entry<String, Versioned>> source = world.range(first, end);
    List<KeyValue> items = new ArrayList<>();
    List<KeyVersion> seen = new ArrayList<>();
    while ((pageSize <= 0 || items.size() < pageSize) && source.hasNext()) {
      Map.Entry<String, Versioned> entry = source.next();
      items.add(new QueryResults.Kv(entry.getKey(), entry.getValue().value()));
      seen.add(new KeyVersion(entry.getKey(), entry.getValue().version()));
    }
    String next = source.hasNext() ? source.next().getKey() : "";
    readWriteSet.recordRange(new RangeRead(first, end, next.isEmpty(), seen));
    QueryResponseMetadata metadata =
        QueryResponseMetadata.newBuilder()
            .setFetchedRecordsCount(items.size())
            .setBookmark(next)
            .build();
    return new QueryResults.Fetched<>(items, metadata);
  }

  /** Committed writes of the key, newest first; like Fabric, history reads are not validated. */
  QueryResultsIterator<KeyModification> history(String key) {
    checkRunning();
    List<KeyModification> entries =
        world.history(Objects.requireNonNull(key, "key")).stream()
            .<KeyModification>map(
                e ->
                    new QueryResults.Modification(
                        e.txId(), Instant.ofEpochMilli(e.timestamp()), e.deleted(), e.value()))
            .toList();
    return new QueryResults.Fetched<>(entries, QueryResponseMetadata.getDefaultInstance());
  }

  /** What the simulation read and wrote so far. */
  ReadWriteSet readWriteSet() {
    return readWriteSet;
  }

  /** Ends the simulation: ranges left open count as read up to where they stopped. */
  ReadWriteSet finish() {
    scans.forEach(RangeResults::close);
    finished = true;
    return readWriteSet;
  }

  void recordRange(RangeRead range) {
    readWriteSet.recordRange(range);
  }

  void checkRunning() {
    if (finished) {
      throw new IllegalStateException("transaction " + txId + " has finished");
    }
  }
}
