package io.edgemarket.cli;

import io.edgemarket.chaincode.Contracts;
import io.edgemarket.cli.market.MarketDir;
import io.edgemarket.ledger.embedded.EmbeddedGateway;
import io.edgemarket.ledger.embedded.EmbeddedLedger;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.Checkpoint;
import io.edgemarket.model.ledger.CheckpointSource;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded ledger of a stopped market, opened from its data directory for reading only. The
 * ledger replays and verifies its signed block log on open, so an audit from here trusts nothing
 * but the log; its directory lock refuses a second opener, so this never runs beside a live broker
 * on the same directory. Every write is refused: an audit must not change what it audits.
 */
final class LocalLedger implements LedgerGateway, CheckpointSource {
  private final EmbeddedLedger ledger;
  private final EmbeddedGateway gateway;

  private LocalLedger(EmbeddedLedger ledger, Identity identity) {
    this.ledger = ledger;
    this.gateway = new EmbeddedGateway(ledger, identity);
  }

  /** Where {@code up} keeps the embedded ledger (the broker's data directory). */
  static Path directory(MarketDir dir) {
    return dir.brokerData().resolve("ledger");
  }

  /** True when the directory holds a market's embedded ledger and its CA. */
  static boolean exists(MarketDir dir) {
    return Files.isDirectory(directory(dir))
        && Files.exists(dir.root().resolve("ca").resolve("ca-cert.pem"));
  }

  static LedgerGateway open(MarketDir dir, Identity identity) {
    try {
      CertificateAuthority ca = dir.authority();
      EmbeddedLedger ledger =
          EmbeddedLedger.builder(directory(dir), ca).contracts(Contracts.ALL).open();
      return new LocalLedger(ledger, identity);
    } catch (IOException | RuntimeException e) {
      throw new CliException(
          ExitCodes.FAILED,
          "cannot open the ledger in "
              + directory(dir)
              + " ("
              + e.getMessage()
              + "); if a market is running on this directory, pass its --broker URL",
          e);
    }
  }

  @Override
  public Identity identity() {
    return gateway.identity();
  }

  @Override
  public String submit(String transaction, String... args) throws LedgerException {
    throw new LedgerException(
        LedgerException.Phase.SUBMIT,
        ErrorCodes.FORBIDDEN,
        null,
        "the ledger of a stopped market is opened read-only");
  }

  @Override
  public String evaluate(String transaction, String... args) throws LedgerException {
    return gateway.evaluate(transaction, args);
  }

  @Override
  public Checkpoint latestCheckpoint() {
    return gateway.latestCheckpoint();
  }

  @Override
  public Checkpoint checkpointAt(long height) throws LedgerException {
    return gateway.checkpointAt(height);
  }

  @Override
  public void close() {
    gateway.close();
    ledger.close();
  }
}
