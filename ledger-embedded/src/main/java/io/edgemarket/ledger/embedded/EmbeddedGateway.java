package io.edgemarket.ledger.embedded;

import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.Checkpoint;
import io.edgemarket.model.ledger.CheckpointSource;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.SignedProposal;
import java.util.List;
import java.util.Objects;

/**
 * The ledger port over an {@link EmbeddedLedger}, as one identity: every call is a proposal signed
 * with that identity's key, exactly what a remote client would send, so the ledger authenticates it
 * the same way whoever relays it. Closing a gateway does not close the shared ledger.
 */
public final class EmbeddedGateway implements LedgerGateway, CheckpointSource {
  private final EmbeddedLedger ledger;
  private final Identity identity;
  private volatile boolean closed;

  public EmbeddedGateway(EmbeddedLedger ledger, Identity identity) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.identity = Objects.requireNonNull(identity, "identity");
  }

  @Override
  public Identity identity() {
    return identity;
  }

  @Override
  public String submit(String transaction, String... args) throws LedgerException {
    return ledger.execute(propose(transaction, args), true);
  }

  @Override
  public String evaluate(String transaction, String... args) throws LedgerException {
    return ledger.execute(propose(transaction, args), false);
  }

  @Override
  public Checkpoint latestCheckpoint() {
    return ledger.checkpoint();
  }

  @Override
  public Checkpoint checkpointAt(long height) throws LedgerException {
    return ledger.checkpoint(height);
  }

  @Override
  public void close() {
    closed = true;
  }

  private SignedProposal propose(String transaction, String... args) throws LedgerException {
    if (closed) {
      throw new LedgerException(
          LedgerException.Phase.CONNECT, ErrorCodes.UNAVAILABLE, null, "the gateway is closed");
    }
    return SignedProposal.create(identity, transaction, List.of(args), System.currentTimeMillis());
  }
}
