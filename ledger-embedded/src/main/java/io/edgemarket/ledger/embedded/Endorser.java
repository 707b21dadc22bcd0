package io.edgemarket.ledger.embedded;

import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.SignedProposal;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.Lock;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.shim.Chaincode;

/**
 * Runs a verified proposal through the chaincode against one consistent view of committed state, as
 * a peer's endorser does, and turns the chaincode's response into a simulation or an error. A
 * response with status 400 or more is an error, as on a peer; its message carries the chaincode's
 * {@code CODE: text}.
 */
final class Endorser {
  private final WorldState world;
  private final ChaincodeRuntime runtime;
  private final String peerMspId;

  Endorser(WorldState world, ChaincodeRuntime runtime, String peerMspId) {
    this.world = world;
    this.runtime = runtime;
    this.peerMspId = peerMspId;
  }

  Simulation simulate(SignedProposal proposal, String creator, LedgerException.Phase phase)
      throws LedgerException {
    TxInput input = TxInput.of(proposal, peerMspId);
    TxSimulator simulator = new TxSimulator(world, input.txId());
    EmbeddedStub stub = new EmbeddedStub(input, simulator);
    Chaincode.Response response;
    ReadWriteSet readWriteSet;
    WorldState.Tip readAt;
    Lock snapshot = world.snapshotLock();
    snapshot.lock();
    try {
      readAt = world.tip();
      response = runtime.invoke(stub);
    } catch (RuntimeException e) {
      // The router answers every failure with an error response; this is a failure of its own.
      throw new LedgerException(
          phase, ErrorCodes.INTERNAL, input.txId(), "the contract router failed: " + e, e);
    } finally {
      readWriteSet = simulator.finish();
      snapshot.unlock();
    }
    if (response.getStatusCode() >= 400) {
      String message = response.getMessage() == null ? "" : response.getMessage();
      throw new LedgerException(phase, ErrorCodes.codeOf(message), input.txId(), message);
    }
    byte[] payload = response.getPayload();
    return new Simulation(
        input.txId(),
        proposal.timestamp(),
        creator,
        proposal.transaction(),
        proposal.args(),
        readWriteSet,
        event(stub.getEvent()),
        payload == null ? "" : new String(payload, StandardCharsets.UTF_8),
        readAt);
  }

  static LogRecords.Event event(ChaincodeEvent event) {
    if (event == null) {
      return null;
    }
    return new LogRecords.Event(
        event.getEventName(),
        event.getPayload().isEmpty() ? null : LogCodec.base64(event.getPayload().toByteArray()));
  }
}
