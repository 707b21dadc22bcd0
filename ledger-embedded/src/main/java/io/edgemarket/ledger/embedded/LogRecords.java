package io.edgemarket.ledger.embedded;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What the block log holds, one JSON line per block. Property order is fixed explicitly because a
 * block's hash is taken over its JSON form: the same block must always serialise to the same bytes.
 */
final class LogRecords {
  private LogRecords() {}

  /** A key written by a transaction: its new value (base64), or a delete. */
  @JsonPropertyOrder({"key", "value", "delete"})
  record Write(String key, String value, boolean delete) {}

  /** The chaincode event a transaction set, if any; the payload is base64, possibly absent. */
  @JsonPropertyOrder({"name", "payload"})
  record Event(String name, String payload) {}

  /** A valid transaction: who asked for what, and what it changed. */
  @JsonPropertyOrder({"txId", "timestamp", "creator", "transaction", "args", "writes", "event"})
  record Tx(
      String txId,
      long timestamp,
      String creator,
      String transaction,
      List<String> args,
      List<Write> writes,
      Event event) {
    Tx {
      args = List.copyOf(args);
      writes = List.copyOf(writes);
    }
  }

  /**
   * The genesis block's content: the channel, the MSP whose CA the ledger trusts, and the ledger's
   * own signing certificate, so the log can be verified from its own first line.
   */
  @JsonPropertyOrder({"channel", "mspId", "caCertificate", "signerCertificate"})
  record Config(String channel, String mspId, String caCertificate, String signerCertificate) {}

  /**
   * A transaction that failed validation (an MVCC conflict): kept in its block with its code, as
   * Fabric keeps invalid transactions, so that its id stays used and its signed proposal can never
   * commit later. It changed nothing.
   */
  @JsonPropertyOrder({"txId", "timestamp", "creator", "transaction", "code"})
  record Invalid(String txId, long timestamp, String creator, String transaction, String code) {}

  /**
   * A block: its number, the hash of the block before it, and either a config or transactions,
   * valid ones and those that failed validation. {@code invalid} is left out when empty, so a block
   * without any is written exactly as before it existed.
   */
  @JsonPropertyOrder({"number", "prevHash", "timestamp", "config", "txs", "invalid"})
  record Block(
      long number,
      String prevHash,
      long timestamp,
      Config config,
      List<Tx> txs,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Invalid> invalid) {
    Block {
      txs = List.copyOf(txs);
      invalid = invalid == null ? List.of() : List.copyOf(invalid);
    }

    /** A block of valid transactions only. */
    Block(long number, String prevHash, long timestamp, Config config, List<Tx> txs) {
      this(number, prevHash, timestamp, config, txs, List.of());
    }
  }

  /** A block with its hash (hex SHA-256) and the ledger's signature over that hash (base64). */
  @JsonPropertyOrder({"block", "hash", "signature"})
  record Sealed(Block block, String hash, String signature) {}
}
