package io.edgemarket.chaincode;

import io.edgemarket.model.CertificateRotation;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Decision;
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

  /**
   * Replaces the caller's registered certificate with the one it now presents: the new certificate
   * submits, with the old key's signature over it ({@link CertificateRotation}). Same id, role and
   * organisation; a suspended participant cannot rotate its way out.
   */
  static String rotate(Context ctx, String rotationJson) {
    Caller caller = Caller.of(ctx);
    ChaincodeStub stub = ctx.getStub();
    CertificateRotation rotation =
        Args.json(rotationJson, CertificateRotation.class, "certificate rotation");
    String key = Keys.of(stub, Keys.PARTICIPANT, caller.id());
    Participant existing = State.read(stub, key, Participant.class);
    if (existing == null) {
      throw Errors.error(ErrorCodes.NOT_REGISTERED, caller.id() + " is not registered");
    }
    if (!caller.id().equals(rotation.participantId())
        || !caller.certificatePem().equals(rotation.newCertificatePem())) {
      throw Errors.badRequest("the rotation must name the caller and the certificate it presents");
    }
    if (!existing.role().equals(caller.role().attributeValue())) {
      throw Errors.forbidden("a rotation keeps the role " + existing.role());
    }
    if (!existing.active()) {
      throw Errors.forbidden(caller.id() + " is suspended");
    }
    if (!rotation.verify(Pem.certificate(existing.certificatePem()).getPublicKey())) {
      throw Errors.error(
          ErrorCodes.BAD_SIGNATURE, "the rotation is not signed by " + caller.id() + "'s key");
    }
    Participant rotated =
        existing.with(Participant.ACTIVE, caller.certificatePem(), State.now(stub));
    State.write(stub, key, rotated);
    return Json.write(rotated);
  }

  /** Suspends or reinstates a participant: a governed action (an admin of every organisation). */
  static String setStatus(Context ctx, String id, String reason, String status) {
    Caller admin = Caller.registered(ctx).require(Role.ADMIN);
    ChaincodeStub stub = ctx.getStub();
    String key = Keys.of(stub, Keys.PARTICIPANT, Args.id("participant id", id));
    Participant existing = State.read(stub, key, Participant.class);
    if (existing == null) {
      throw Errors.notFound("no participant " + id);
    }
    Decision decision =
        Approvals.approve(
            stub,
            admin,
            status.equals(Participant.SUSPENDED) ? "suspend" : "reinstate",
            id + "@" + existing.updatedAt(),
            Args.reference(reason),
            null);
    if (!Decision.DONE.equals(decision.status())) {
      return Json.write(decision);
    }
    Participant changed = existing.with(status, existing.certificatePem(), State.now(stub));
    State.write(stub, key, changed);
    return Json.write(Approvals.done(decision, changed));
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
