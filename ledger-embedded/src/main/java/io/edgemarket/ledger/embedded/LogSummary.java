package io.edgemarket.ledger.embedded;

/**
 * The outcome of verifying the whole block log: every block parsed, linked to its predecessor,
 * matched its hash and carried the ledger's signature.
 *
 * @param height blocks in the log, the genesis block included
 * @param transactions committed transactions in the log
 * @param rejected transactions the log holds as invalid (failed validation; they changed nothing)
 * @param lastHash the hash of the last block (hex SHA-256), a compact fingerprint of the history
 * @param signer the participant id of the certificate that signed the blocks
 * @param bytes the length of the verified log
 */
public record LogSummary(
    long height, long transactions, long rejected, String lastHash, String signer, long bytes) {}
