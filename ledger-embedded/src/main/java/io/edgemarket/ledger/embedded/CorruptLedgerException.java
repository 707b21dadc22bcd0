package io.edgemarket.ledger.embedded;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The block log failed verification: a block does not parse, does not link to the block before it,
 * does not match its hash, or is not signed by the ledger; or the log no longer reaches a signed
 * checkpoint (its end was cut off) or holds another block where the checkpoint names one (it was
 * rewritten). The ledger refuses to open on it, since state rebuilt from a log that was altered
 * would be state nobody committed.
 */
public final class CorruptLedgerException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long block;
  private final long offset;

  CorruptLedgerException(Path file, long block, long offset, String reason) {
    this(
        file,
        block,
        offset,
        reason,
        "Refusing to open it: restore the directory from a backup, or move it aside to"
            + " start an empty ledger.");
  }

  CorruptLedgerException(Path file, long block, long offset, String reason, String advice) {
    super(
        "the ledger log "
            + file
            + " is corrupt at block "
            + block
            + " (byte offset "
            + offset
            + "): "
            + reason
            + ". "
            + advice);
    this.block = block;
    this.offset = offset;
  }

  /** The number of the first block that failed verification. */
  public long block() {
    return block;
  }

  /** Where that block starts in the log file. */
  public long offset() {
    return offset;
  }
}
