package io.edgemarket.sdk;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Checkpoint;
import io.edgemarket.model.ledger.CheckpointSource;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerTrust;
import io.edgemarket.sdk.Discrepancy.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The ledger's history across audits. The auditor keeps the last checkpoint it verified (height and
 * last block hash, signed by the ledger) in its own file; the next audit demands that the ledger
 * still holds that very block at that height, so a log whose end was cut off, or that was
 * rewritten, is reported even when everything it still holds is consistent. The kept checkpoint
 * also pins the ledger's signing certificate: answers and checkpoints signed by any other are
 * refused.
 */
final class CheckpointAudit {
  private final Path file;
  private final Checkpoint kept;

  private CheckpointAudit(Path file, Checkpoint kept) {
    this.file = file;
    this.kept = kept;
  }

  /** Reads the checkpoint kept in {@code file} (null: keep none); none there yet is fine. */
  static CheckpointAudit load(Path file) {
    if (file == null || !Files.exists(file)) {
      return new CheckpointAudit(file, null);
    }
    try {
      return new CheckpointAudit(file, Json.read(Files.readAllBytes(file), Checkpoint.class));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot read the ledger checkpoint kept in " + file + ": " + e.getMessage(), e);
    }
  }

  /** The ledger certificate pinned by the kept checkpoint; null when none was kept. */
  X509Certificate pinnedSigner() {
    try {
      return kept == null ? null : Pem.certificate(kept.signerPem());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the checkpoint kept in " + file + " is unreadable", e);
    }
  }

  /**
   * Checks the ledger against the kept checkpoint; returns the ledger's latest checkpoint when it
   * may be kept, null when a discrepancy was found.
   */
  Checkpoint check(
      CheckpointSource ledger,
      LedgerTrust trust,
      Consumer<Discrepancy> found,
      Consumer<String> progress)
      throws LedgerException {
    Checkpoint latest = ledger.latestCheckpoint();
    trust.verify(latest);
    progress.accept(
        "ledger: "
            + latest.describe()
            + ", signed by "
            + Certificates.commonName(Pem.certificate(latest.signerPem())));
    if (kept == null) {
      progress.accept("ledger: no checkpoint kept from an earlier audit; this one will be");
      return latest;
    }
    String since = "at the audit of " + Instant.ofEpochMilli(kept.timestamp());
    if (!kept.ledgerId().equals(latest.ledgerId())) {
      found.accept(
          ReceiptAudit.d(
              Kind.LEDGER_CHECKPOINT,
              latest.ledgerId(),
              "this is another ledger than the one audited "
                  + since
                  + " ("
                  + kept.ledgerId()
                  + ")"));
      return null;
    }
    if (latest.height() < kept.height()) {
      found.accept(
          ReceiptAudit.d(
              Kind.LEDGER_CHECKPOINT,
              "height " + latest.height(),
              "the ledger holds "
                  + latest.height()
                  + " blocks but held "
                  + kept.height()
                  + " "
                  + since
                  + ": blocks "
                  + latest.height()
                  + " to "
                  + (kept.height() - 1)
                  + " were cut off"));
      return null;
    }
    Checkpoint then;
    try {
      then = ledger.checkpointAt(kept.height());
    } catch (LedgerException e) {
      if (!ErrorCodes.NOT_FOUND.equals(e.code())) {
        throw e;
      }
      found.accept(
          ReceiptAudit.d(
              Kind.LEDGER_CHECKPOINT,
              "height " + kept.height(),
              "the ledger no longer holds block " + (kept.height() - 1) + " it held " + since));
      return null;
    }
    trust.verify(then);
    if (!kept.sameBlock(then)) {
      found.accept(
          ReceiptAudit.d(
              Kind.LEDGER_CHECKPOINT,
              "height " + kept.height(),
              "block "
                  + (kept.height() - 1)
                  + " now has hash "
                  + then.lastHash()
                  + ", not "
                  + kept.lastHash()
                  + " as "
                  + since
                  + ": the ledger was rewritten"));
      return null;
    }
    progress.accept("ledger: still holds " + kept.describe() + " as " + since);
    return latest;
  }

  /** Keeps {@code latest} for the next audit (atomically: a crash leaves the old or the new). */
  void keep(Checkpoint latest, Consumer<String> progress) {
    if (file == null || latest == null) {
      return;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(temporary, Json.bytes(latest));
      Files.move(temporary, file, ATOMIC_MOVE, REPLACE_EXISTING);
      progress.accept("ledger: kept " + latest.describe() + " in " + file);
    } catch (IOException e) {
      // The older checkpoint stays: the next audit checks against less, never against a lie.
      progress.accept("warning: could not keep the ledger checkpoint in " + file + ": " + e);
    }
  }
}
