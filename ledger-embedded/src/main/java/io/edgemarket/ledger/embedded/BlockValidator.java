package io.edgemarket.ledger.embedded;

import io.edgemarket.ledger.embedded.Mvcc.KeyVersion;
import io.edgemarket.ledger.embedded.Mvcc.RangeRead;
import io.edgemarket.ledger.embedded.Mvcc.Version;
import io.edgemarket.ledger.embedded.Mvcc.Versioned;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Validates the transactions of one block in order, as Fabric's committer does. A transaction is
 * valid if its id is new and everything it read is unchanged in committed state as updated by the
 * block's earlier valid transactions: every key at the version it saw (or still absent), and every
 * range it scanned holding the same keys at the same versions (else it is a phantom read). The
 * writes of each valid transaction are staged, so a later transaction of the block that read a key
 * an earlier one wrote is invalid. Only the committer thread uses a validator.
 */
final class BlockValidator {
  private final WorldState world;
  private final long block;
  private final TreeMap<String, Versioned> staged = new TreeMap<>(KeyOrder.CODE_POINTS);
  private final Set<String> txIds = new HashSet<>();
  private int valid;

  BlockValidator(WorldState world, long block) {
    this.world = world;
    this.block = block;
  }

  /** Null if the transaction is valid (its writes are then staged), else why it is not. */
  LedgerException check(Simulation tx) {
    if (world.knows(tx.txId()) || !txIds.add(tx.txId())) {
      return invalid(tx, ErrorCodes.DUPLICATE, "transaction id already used");
    }
    for (Map.Entry<String, Version> read : tx.readWriteSet().reads().entrySet()) {
      Version now = current(read.getKey());
      if (!Objects.equals(read.getValue(), now)) {
        return invalid(
            tx,
            ErrorCodes.MVCC_READ_CONFLICT,
            "key "
                + Mvcc.printable(read.getKey())
                + " was read at version "
                + read.getValue()
                + " and is now at "
                + now);
      }
    }
    for (RangeRead range : tx.readWriteSet().ranges()) {
      if (!unchanged(range)) {
        return invalid(
            tx, ErrorCodes.MVCC_READ_CONFLICT, "phantom read in range " + range.describe());
      }
    }
    Version version = new Version(block, valid++);
    tx.readWriteSet()
        .writes()
        .forEach((key, value) -> staged.put(key, new Versioned(value, version)));
    return null;
  }

  private Version current(String key) {
    Versioned stagedValue = staged.get(key);
    return Versioned.of(stagedValue != null ? stagedValue : world.get(key));
  }

  /** Compares the range as it is now (committed plus staged) with what the scan saw. */
  private boolean unchanged(RangeRead range) {
    String last = range.lastSeen();
    if (!range.exhausted() && last == null) {
      return true; // stopped before reading anything, so nothing was read
    }
    Iterator<Map.Entry<String, Versioned>> committed =
        range.exhausted()
            ? world.range(range.start(), range.end())
            : world.through(range.start(), last);
    NavigableMap<String, Versioned> stagedPart =
        range.exhausted()
            ? KeyOrder.range(staged, range.start(), range.end())
            : KeyOrder.through(staged, range.start(), last);
    Map<String, Version> expected = new HashMap<>();
    for (KeyVersion seen : range.seen()) {
      expected.put(seen.key(), seen.version());
    }
    int present = 0;
    Set<String> committedKeys = new HashSet<>();
    while (committed.hasNext()) {
      Map.Entry<String, Versioned> entry = committed.next();
      committedKeys.add(entry.getKey());
      Versioned override = stagedPart.get(entry.getKey());
      Version now = Versioned.of(override != null ? override : entry.getValue());
      if (now != null) {
        if (!now.equals(expected.get(entry.getKey()))) {
          return false;
        }
        present++;
      }
    }
    for (Map.Entry<String, Versioned> entry : stagedPart.entrySet()) {
      if (!committedKeys.contains(entry.getKey()) && !entry.getValue().deleted()) {
        return false; // inserted by an earlier transaction of this block: never seen
      }
    }
    return present == expected.size();
  }

  private static LedgerException invalid(Simulation tx, String code, String why) {
    return new LedgerException(LedgerException.Phase.COMMIT, code, tx.txId(), why);
  }
}
