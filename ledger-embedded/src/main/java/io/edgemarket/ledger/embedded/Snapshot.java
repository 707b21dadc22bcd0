package io.edgemarket.ledger.embedded;

import io.edgemarket.ledger.embedded.Mvcc.Versioned;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The world state as of a block height, read back from a {@link SnapshotFile}: what replaying the
 * log's first {@code tip.height()} blocks would rebuild (state, key history, every transaction id
 * with its block, every block hash and the counts), and where the last of those blocks lies in the
 * log ({@code tip.blockOffset()} to {@code tip.logEnd()}), so that an open can check that very
 * block and replay only what follows it.
 */
record Snapshot(
    String ledgerId,
    WorldState.Tip tip,
    long transactions,
    long rejected,
    List<byte[]> hashes,
    SortedMap<String, Versioned> state,
    SortedMap<String, WorldState.HistoryEntry> history,
    Map<String, Long> txBlocks) {}
