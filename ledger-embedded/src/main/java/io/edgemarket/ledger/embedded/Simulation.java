package io.edgemarket.ledger.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A successful simulation: the proposal's facts, what it read and wrote, the event it set, the
 * chaincode's result, and the tip of the chain whose state it read. The read-write set is no longer
 * written to once the simulation has finished.
 */
record Simulation(
    String txId,
    long timestamp,
    String creator,
    String transaction,
    List<String> args,
    ReadWriteSet readWriteSet,
    LogRecords.Event event,
    String result,
    WorldState.Tip readAt) {

  /** A simulation whose chain tip is not recorded (it is only needed to endorse an answer). */
  Simulation(
      String txId,
      long timestamp,
      String creator,
      String transaction,
      List<String> args,
      ReadWriteSet readWriteSet,
      LogRecords.Event event,
      String result) {
    this(txId, timestamp, creator, transaction, args, readWriteSet, event, result, null);
  }

  /** The transaction as the log records it once valid. */
  LogRecords.Tx toTx() {
    List<LogRecords.Write> writes = new ArrayList<>();
    for (Map.Entry<String, byte[]> write : readWriteSet.writes().entrySet()) {
      byte[] value = write.getValue();
      writes.add(new LogRecords.Write(write.getKey(), LogCodec.base64(value), value == null));
    }
    return new LogRecords.Tx(txId, timestamp, creator, transaction, args, writes, event);
  }

  /** The transaction as the log records it when it failed validation with {@code code}. */
  LogRecords.Invalid toInvalid(String code) {
    return new LogRecords.Invalid(txId, timestamp, creator, transaction, code);
  }
}
