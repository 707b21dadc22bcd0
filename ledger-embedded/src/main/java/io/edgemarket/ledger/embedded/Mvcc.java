package io.edgemarket.ledger.embedded;

import java.util.List;

/**
 * The values of multi-version concurrency control, as Fabric defines them: a key's version is the
 * position (block, transaction) of the write that produced it, a transaction records the versions
 * it read, and the committer accepts it only if those versions are still current.
 */
final class Mvcc {
  private Mvcc() {}

  /** Fabric's version height: the block and the index of the valid transaction within it. */
  record Version(long block, int tx) {
    @Override
    public String toString() {
      return block + ":" + tx;
    }
  }

  /**
   * A value at a version. In the committed state the value is never null; in a block being
   * validated, a null value stands for a delete staged by an earlier transaction of the block.
   */
  record Versioned(byte[] value, Version version) {
    boolean deleted() {
      return value == null;
    }

    /** The version a reader sees: none for a deleted key. */
    static Version of(Versioned versioned) {
      return versioned == null || versioned.deleted() ? null : versioned.version();
    }
  }

  /** One key a range scan returned, with the version it had. */
  record KeyVersion(String key, Version version) {}

  /**
   * A range a transaction scanned: the keys and versions it saw, and whether it read to the end of
   * the range. If it stopped early, only the part up to the last key it saw was read, so only that
   * part must stay unchanged, which is how Fabric validates range queries too.
   */
  record RangeRead(String start, String end, boolean exhausted, List<KeyVersion> seen) {
    RangeRead {
      seen = List.copyOf(seen);
    }

    String lastSeen() {
      return seen.isEmpty() ? null : seen.get(seen.size() - 1).key();
    }

    String describe() {
      return "[" + printable(start) + ", " + (end.isEmpty() ? "end" : printable(end)) + ")";
    }
  }

  /** Composite keys hold U+0000 separators; show them so a conflict message stays readable. */
  static String printable(String key) {
    return key.replace('\u0000', '|');
  }
}
