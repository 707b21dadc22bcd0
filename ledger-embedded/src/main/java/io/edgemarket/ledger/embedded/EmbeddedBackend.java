package io.edgemarket.ledger.embedded;

import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.Checkpoint;
import io.edgemarket.model.ledger.Endorsement;
import io.edgemarket.model.ledger.LedgerBackend;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.SignedProposal;
import java.util.function.BiConsumer;

/** The embedded ledger as the broker's backend. */
public final class EmbeddedBackend implements LedgerBackend {
  private final EmbeddedLedger ledger;

  public EmbeddedBackend(EmbeddedLedger ledger) {
    this.ledger = ledger;
  }

  public EmbeddedLedger ledger() {
    return ledger;
  }

  @Override
  public String name() {
    return "embedded";
  }

  @Override
  public String execute(SignedProposal proposal, boolean submit) throws LedgerException {
    return ledger.execute(proposal, submit);
  }

  @Override
  public Endorsement.Answer executeEndorsed(SignedProposal proposal, boolean submit)
      throws LedgerException {
    return ledger.executeEndorsed(proposal, submit);
  }

  @Override
  public Checkpoint checkpoint(Long height) throws LedgerException {
    return height == null ? ledger.checkpoint() : ledger.checkpoint(height);
  }

  @Override
  public EmbeddedGateway gateway(Identity identity) {
    return new EmbeddedGateway(ledger, identity);
  }

  @Override
  public void addEventListener(BiConsumer<String, String> listener) {
    ledger.addListener(event -> listener.accept(event.name(), event.payload()));
  }

  @Override
  public void close() {
    ledger.close();
  }
}
