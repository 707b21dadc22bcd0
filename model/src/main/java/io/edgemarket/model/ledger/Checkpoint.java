package io.edgemarket.model.ledger;

import io.edgemarket.model.crypto.Identity;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A ledger's signed statement that it holds {@code height} blocks, the last of which has hash
 * {@code lastHash}. Whoever keeps one (a client, an auditor, the ledger itself in its key
 * directory) can later demand that the ledger still holds that block with that hash: a log cut at
 * its end or rewritten then no longer matches, and only the ledger's signing key can make a new
 * statement. {@code ledgerId} is the hash of the ledger's genesis block, so a checkpoint of one
 * ledger is never taken for another's.
 *
 * @param ledgerId the hash of block 0 (hex SHA-256)
 * @param height blocks in the ledger, the genesis block included (at least 1)
 * @param lastHash the hash of block {@code height - 1} (hex SHA-256)
 * @param timestamp when the ledger signed it (epoch milliseconds)
 * @param signerPem the ledger's signing certificate (role orderer, issued by the market CA)
 * @param signature base64 ECDSA over {@link #signingPayload()}
 */
public record Checkpoint(
    String ledgerId,
    long height,
    String lastHash,
    long timestamp,
    String signerPem,
    String signature) {
  public static final String DOMAIN = "edgemarket/checkpoint/v1";

  public static Checkpoint sign(
      Identity ledgerSigner, String ledgerId, long height, String lastHash, long timestamp) {
    Checkpoint unsigned =
        new Checkpoint(ledgerId, height, lastHash, timestamp, ledgerSigner.certificatePem(), null);
    byte[] signature = ledgerSigner.sign(unsigned.signingPayload());
    return new Checkpoint(
        ledgerId,
        height,
        lastHash,
        timestamp,
        unsigned.signerPem,
        Base64.getEncoder().encodeToString(signature));
  }

  public byte[] signingPayload() {
    String text = DOMAIN + '\n' + ledgerId + '\n' + height + '\n' + lastHash + '\n' + timestamp;
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** "height 12 (block 11 hash 3fa2…)", for messages. */
  public String describe() {
    String hash = lastHash == null ? "?" : lastHash.substring(0, Math.min(12, lastHash.length()));
    return "height " + height + " (block " + (height - 1) + " hash " + hash + "…)";
  }

  /** True when {@code other} states the same block of the same ledger. */
  public boolean sameBlock(Checkpoint other) {
    return other != null
        && height == other.height
        && String.valueOf(ledgerId).equals(other.ledgerId)
        && String.valueOf(lastHash).equals(other.lastHash);
  }
}
