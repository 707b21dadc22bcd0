package io.edgemarket.chaincode;

import io.edgemarket.model.ledger.Records.Reputation;
import org.hyperledger.fabric.shim.ChaincodeStub;

/** {@code REPUTATION~providerId}: disputes won and lost, and what was slashed, per provider. */
final class Reputations {
  private Reputations() {}

  static Reputation find(ChaincodeStub stub, String providerId) {
    Reputation stored =
        State.read(stub, Keys.of(stub, Keys.REPUTATION, providerId), Reputation.class);
    return stored != null ? stored : new Reputation(providerId, 0, 0, 0, 0);
  }

  /** Adds one dispute's outcome for {@code providerId}: won, or lost with {@code slashed}. */
  static void record(ChaincodeStub stub, String providerId, boolean won, long slashed, long now) {
    Reputation r = find(stub, providerId);
    State.write(
        stub,
        Keys.of(stub, Keys.REPUTATION, providerId),
        new Reputation(
            providerId,
            r.disputesWon() + (won ? 1 : 0),
            r.disputesLost() + (won ? 0 : 1),
            Math.addExact(r.slashedTotal(), slashed),
            now));
  }
}
