package io.edgemarket.ledger.embedded;

import io.edgemarket.ledger.embedded.Mvcc.KeyVersion;
import io.edgemarket.ledger.embedded.Mvcc.RangeRead;
import io.edgemarket.ledger.embedded.Mvcc.Versioned;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * A range scan over committed state that records what it returns. Like Fabric's, it is lazy: a
 * contract that stops after a few keys has read only those, so only that part of the range is
 * checked for phantoms at commit. The read is recorded when the iterator is closed, or when the
 * simulation ends for one left open.
 */
final class RangeResults
    implements QueryResultsIterator<KeyValue>, QueryResultsIteratorWithMetadata<KeyValue> {
  private final TxSimulator simulator;
  private final String start;
  private final String end;
  private final Iterator<Map.Entry<String, Versioned>> source;
  private final List<KeyVersion> seen = new ArrayList<>();
  private boolean exhausted;
  private boolean closed;

  RangeResults(
      TxSimulator simulator,
      String start,
      String end,
      Iterator<Map.Entry<String, Versioned>> range) {
    this.simulator = simulator;
    this.start = start;
    this.end = end;
    this.source = range;
  }

  @Override
  public Iterator<KeyValue> iterator() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        if (closed) {
          return false;
        }
        simulator.checkRunning();
        boolean more = source.hasNext();
        exhausted |= !more;
        return more;
      }

      @Override
      public KeyValue next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Map.Entry<String, Versioned> entry = source.next();
        seen.add(new KeyVersion(entry.getKey(), entry.getValue().version()));
        return new QueryResults.Kv(entry.getKey(), entry.getValue().value());
      }
    };
  }

  /** Unpaginated scans carry empty metadata, as the peer sends none for them. */
  @Override
  public QueryResponseMetadata getMetadata() {
    return QueryResponseMetadata.getDefaultInstance();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      simulator.recordRange(new RangeRead(start, end, exhausted, seen));
    }
  }
}
