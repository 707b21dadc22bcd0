package io.edgemarket.ledger.embedded;

import io.edgemarket.model.ledger.LedgerException;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * One transaction of {@link LocalTransactions}: the stub to run contract logic against, what that
 * logic read and wrote so far (a test can check a transaction's MVCC footprint), and its commit. A
 * transaction that is never committed is simply dropped, as a peer drops a failed simulation.
 */
public final class LocalTransaction {
  /**
   * A range the transaction scanned: {@code start} inclusive, {@code end} exclusive (empty: no
   * end).
   */
  public record ScannedRange(String start, String end) {}

  private final LocalTransactions ledger;
  private final TxInput input;
  private final String creatorId;
  private final TxSimulator simulator;
  private final EmbeddedStub stub;

  LocalTransaction(
      LocalTransactions ledger, TxInput input, String creatorId, TxSimulator simulator) {
    this.ledger = ledger;
    this.input = input;
    this.creatorId = creatorId;
    this.simulator = simulator;
    this.stub = new EmbeddedStub(input, simulator);
  }

  /** The shim's stub for this transaction; {@code new Context(stub())} is what a contract gets. */
  public ChaincodeStub stub() {
    return stub;
  }

  /** Keys read with {@code getState}, whether or not they existed. */
  public Set<String> keysRead() {
    return simulator.readWriteSet().reads().keySet();
  }

  /** Buffered writes in key order; a null value is a delete. */
  public SortedMap<String, byte[]> writes() {
    return simulator.readWriteSet().writes();
  }

  /**
   * Ranges scanned by range, partial composite key and paged queries. A scan is recorded once its
   * iterator is closed, and every scan is by the time the transaction commits.
   */
  public List<ScannedRange> scannedRanges() {
    return simulator.readWriteSet().ranges().stream()
        .map(range -> new ScannedRange(range.start(), range.end()))
        .toList();
  }

  /**
   * Ends the transaction and commits it if what it read is unchanged; the stub is unusable after.
   *
   * @throws LedgerException COMMIT/MVCC_READ_CONFLICT if a key or range it read was changed by a
   *     transaction committed since, COMMIT/DUPLICATE if it was already committed
   */
  public void commit() throws LedgerException {
    ReadWriteSet readWriteSet = simulator.finish();
    ledger.commit(
        new Simulation(
            input.txId(),
            input.timestamp().toEpochMilli(),
            creatorId,
            "",
            List.of(),
            readWriteSet,
            Endorser.event(stub.getEvent()),
            ""));
  }
}
