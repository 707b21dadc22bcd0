package io.edgemarket.chaincode;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Approval;
import io.edgemarket.model.ledger.Records.Decision;
import io.edgemarket.model.ledger.Records.Governance;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Governed actions (creating money, changing the config or the governance, suspending someone):
 * each needs an admin of every governing organisation. An admin's call is its approval; the call
 * that completes the set carries the action out. Approvals are keyed by the action and the digest
 * of its exact arguments ({@code APPROVAL~action~digest}), so admins approve the same thing or
 * nothing, and a carried-out action cannot be carried out again (a mint's reference makes it
 * unique). While the market is open (no governance set) one admin decides alone.
 */
final class Approvals {
  private Approvals() {}

  /**
   * Records {@code admin}'s approval of {@code action} on {@code payload}.
   *
   * @param needed the organisations that must approve, or null for the governing ones
   */
  static Decision approve(
      ChaincodeStub stub,
      Caller admin,
      String action,
      String subject,
      String payload,
      List<String> needed) {
    Governance governance = Consortium.read(stub);
    List<String> required =
        needed != null ? needed : governance == null ? List.of(admin.mspId()) : governance.orgs();
    if (!required.contains(admin.mspId())) {
      throw Errors.forbidden(
          "admins of " + admin.mspId() + " have no say over " + action + "; " + required + " do");
    }
    String digest = Crypto.sha256Hex(action + "\n" + subject + "\n" + payload);
    String key = Keys.of(stub, Keys.APPROVAL, action, digest);
    Approval approval = State.read(stub, key, Approval.class);
    if (approval == null) {
      approval =
          new Approval(action, digest, subject, List.of(), List.of(), false, State.now(stub));
    }
    if (approval.done()) {
      throw Errors.error(
          ErrorCodes.DUPLICATE,
          action + " " + subject + " was already carried out (" + digest + ")");
    }
    List<String> by = new ArrayList<>(approval.approvedBy());
    List<String> msps = new ArrayList<>(approval.approvedMsps());
    if (!msps.contains(admin.mspId())) {
      msps.add(admin.mspId());
      by.add(admin.id());
    }
    List<String> missing = required.stream().filter(o -> !msps.contains(o)).sorted().toList();
    boolean done = missing.isEmpty();
    State.write(
        stub,
        key,
        new Approval(
            action,
            digest,
            subject,
            List.copyOf(by),
            msps.stream().sorted().toList(),
            done,
            approval.createdAt()));
    return new Decision(
        action,
        done ? Decision.DONE : Decision.PENDING,
        msps.stream().sorted().toList(),
        missing,
        null);
  }

  static Decision done(Decision decision, Object result) {
    return new Decision(
        decision.action(),
        decision.status(),
        decision.approvedMsps(),
        decision.missingMsps(),
        Json.tree(Json.write(result)));
  }
}
