package io.edgemarket.ledger.embedded;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.ledger.Checkpoint;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.function.LongFunction;

/**
 * Whether a chain still holds what a signed checkpoint says it held: at least that many blocks, and
 * at the checkpoint's height the very block it names. A chain that is shorter lost its end; one
 * with another block there was rewritten. Either is reported naming both heights.
 */
final class CheckpointCheck {
  private CheckpointCheck() {}

  /** True when {@code signer} signed {@code checkpoint}. */
  static boolean signedBy(Checkpoint checkpoint, X509Certificate signer) {
    try {
      return checkpoint.signerPem() != null
          && Pem.certificate(checkpoint.signerPem()).equals(signer)
          && Crypto.verify(
              signer.getPublicKey(),
              checkpoint.signingPayload(),
              Base64.getDecoder().decode(String.valueOf(checkpoint.signature())));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Throws when the chain of {@code height} blocks, whose block {@code n - 1} has hash {@code
   * hashAt(n)}, does not hold the block {@code checkpoint} names.
   *
   * @param whose whose checkpoint, for the message ("the ledger's own", "the kept")
   * @param advice what to do about it, ending the message
   */
  static void require(
      Path file,
      long height,
      long end,
      LongFunction<String> hashAt,
      Checkpoint checkpoint,
      String whose,
      String advice)
      throws CorruptLedgerException {
    String genesis = hashAt.apply(1);
    if (genesis != null && !genesis.equals(checkpoint.ledgerId())) {
      throw new CorruptLedgerException(
          file,
          0,
          0,
          whose
              + " checkpoint is of another ledger (genesis "
              + checkpoint.ledgerId()
              + ", this log's is "
              + genesis
              + ")",
          advice);
    }
    String signed = "signed at " + Instant.ofEpochMilli(checkpoint.timestamp());
    if (height < checkpoint.height()) {
      throw new CorruptLedgerException(
          file,
          height,
          end,
          "the log ends at height "
              + height
              + " but "
              + whose
              + " checkpoint ("
              + signed
              + ") says the ledger held "
              + checkpoint.height()
              + " blocks: blocks "
              + height
              + " to "
              + (checkpoint.height() - 1)
              + " were cut off its end",
          advice);
    }
    String hash = hashAt.apply(checkpoint.height());
    if (!checkpoint.lastHash().equals(hash)) {
      throw new CorruptLedgerException(
          file,
          checkpoint.height() - 1,
          end,
          "block "
              + (checkpoint.height() - 1)
              + " has hash "
              + hash
              + " but "
              + whose
              + " checkpoint at height "
              + checkpoint.height()
              + " ("
              + signed
              + ") says "
              + checkpoint.lastHash()
              + ": the log was rewritten",
          advice);
    }
  }
}
