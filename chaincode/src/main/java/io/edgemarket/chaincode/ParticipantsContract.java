package io.edgemarket.chaincode;

import io.edgemarket.model.ledger.Records;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** {@code participants}: binding a certificate to a market participant. */
@Contract(name = "participants")
public final class ParticipantsContract implements ContractInterface {

  /** Registers the caller as {@code CN@MSPID} with the role its certificate carries. */
  @Transaction(name = "RegisterParticipant", intent = Transaction.TYPE.SUBMIT)
  public String registerParticipant(Context ctx) {
    return Errors.guard(() -> Participants.register(ctx));
  }

  @Transaction(name = "GetParticipant", intent = Transaction.TYPE.EVALUATE)
  public String getParticipant(Context ctx, String id) {
    return Errors.guard(() -> Participants.get(ctx, id));
  }

  @Transaction(name = "RotateCertificate", intent = Transaction.TYPE.SUBMIT)
  public String rotateCertificate(Context ctx, String rotationJson) {
    return Errors.guard(() -> Participants.rotate(ctx, rotationJson));
  }

  @Transaction(name = "SuspendParticipant", intent = Transaction.TYPE.SUBMIT)
  public String suspendParticipant(Context ctx, String id, String reason) {
    return Errors.guard(
        () -> Participants.setStatus(ctx, id, reason, Records.Participant.SUSPENDED));
  }

  @Transaction(name = "ReinstateParticipant", intent = Transaction.TYPE.SUBMIT)
  public String reinstateParticipant(Context ctx, String id, String reason) {
    return Errors.guard(() -> Participants.setStatus(ctx, id, reason, Records.Participant.ACTIVE));
  }
}
