package io.edgemarket.model.ledger;

import io.edgemarket.model.crypto.Identity;
import java.util.function.BiConsumer;

/**
 * What the broker needs of a ledger: to execute proposals other participants signed (the ledger
 * relay), gateways for participants living in the broker's process, and, where the backend has
 * them, committed chaincode events. The embedded ledger is the default; another backend (Fabric
 * through its Gateway) plugs in through {@code Broker.builder().ledger(...)}.
 */
public interface LedgerBackend extends AutoCloseable {

  /** A short name for health and logs, e.g. {@code embedded}. */
  String name();

  /** Executes a proposal signed by its creator: submit (endorse, order, commit) or evaluate. */
  String execute(SignedProposal proposal, boolean submit) throws LedgerException;

  /**
   * Executes like {@link #execute} and, where the backend can, has the ledger endorse the answer
   * with its signing identity so that a client can check it whoever relayed it. The default
   * endorses nothing.
   */
  default Endorsement.Answer executeEndorsed(SignedProposal proposal, boolean submit)
      throws LedgerException {
    return new Endorsement.Answer(execute(proposal, submit), null);
  }

  /**
   * The ledger's signed checkpoint: of its last block when {@code height} is null, else of block
   * {@code height - 1}. The default: UNAVAILABLE, a backend without checkpoints.
   */
  default Checkpoint checkpoint(Long height) throws LedgerException {
    throw new LedgerException(
        LedgerException.Phase.EVALUATE,
        ErrorCodes.UNAVAILABLE,
        null,
        "the " + name() + " ledger hands out no checkpoints");
  }

  /** A gateway acting as {@code identity}, which must be a certificate of the market's CA. */
  LedgerGateway gateway(Identity identity);

  /**
   * Calls {@code listener} with the name and payload of each committed chaincode event, after
   * commit, in commit order. Backends without events may ignore it: the broker also polls.
   */
  default void addEventListener(BiConsumer<String, String> listener) {}

  @Override
  void close();
}
