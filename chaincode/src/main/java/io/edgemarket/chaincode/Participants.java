package io.edgemarket.chaincode;

import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Participant;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/** Registration: binds a participant id to one certificate and one role. */
final class Participants {
  private Participants() {}

  static Participant find(ChaincodeStub stub, String id) {
    return Keys.isValidId(id)
        ? State.read(stub, Keys.of(stub, Keys.PARTICIPANT, id), Participant.class)
        : null;
  }

  static String register(Context ctx) {
    Caller caller = Caller.of(ctx);
    ChaincodeStub stub = ctx.getStub();
    String key = Keys.of(stub, Keys.PARTICIPANT, caller.id());
    Participant existing = State.read(stub, key, Participant.class);
    if (existing != null) {
      if (existing.certificatePem().equals(caller.certificatePem())) {
        return Json.write(existing);
      }
      throw Errors.error(
          ErrorCodes.ALREADY_EXISTS,
          caller.id() + " is already registered with another certificate");
    }
    Participant participant =
        new Participant(
            caller.id(),
            caller.role().attributeValue(),
            caller.mspId(),
            caller.certificatePem(),
            State.now(stub));
    State.write(stub, key, participant);
    return Json.write(participant);
  }

  static String get(Context ctx, String id) {
    Caller.registered(ctx);
    Participant participant = find(ctx.getStub(), Args.id("participant id", id));
    if (participant == null) {
      throw Errors.notFound("no participant " + id);
    }
    return Json.write(participant);
  }
}
