package io.edgemarket.chaincode;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Participant;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The runs a dispute is judged on. Each must be exactly what settlement would have taken as a run
 * of one ticket: signed by a registered provider against its registered certificate, for the ticket
 * its consumer signed, on the assignment the ticket's own broker signed for that provider's offer;
 * and no two runs may share a run id or a provider (a provider cannot outvote others with itself).
 * Otherwise nobody could be slashed on a receipt they did not sign.
 */
final class Evidence {
  private Evidence() {}

  /** Checks {@code added} as further runs of {@code ticket} beside {@code known}; throws else. */
  static void check(
      ChaincodeStub stub, InvocationTicket ticket, List<Receipt> known, List<Receipt> added) {
    if (known.size() + added.size() > Assignment.MAX_REPLICAS) {
      throw Errors.badRequest("an invocation has at most " + Assignment.MAX_REPLICAS + " runs");
    }
    Set<String> runs = new HashSet<>();
    Set<String> providers = new HashSet<>();
    for (Receipt receipt : known) {
      runs.add(receipt.assignment().runId());
      providers.add(receipt.providerId());
    }
    PublicKey broker = key(stub, ticket.brokerId(), Role.BROKER);
    for (Receipt receipt : added) {
      if (!sameTicket(ticket, receipt.ticket())) {
        throw Errors.badRequest("every receipt must carry the same signed ticket");
      }
      Assignment assignment = receipt.assignment();
      if (!assignment.isFor(ticket)
          || !ticket.brokerId().equals(assignment.brokerId())
          || !assignment.providerId().equals(receipt.providerId())
          || !assignment.offerId().equals(receipt.offerId())) {
        throw Errors.badRequest(
            "run " + assignment.runId() + " was not placed by the ticket's broker on its offer");
      }
      if (!runs.add(assignment.runId())) {
        throw Errors.badRequest("run " + assignment.runId() + " is given twice");
      }
      if (!providers.add(receipt.providerId())) {
        throw Errors.badRequest(receipt.providerId() + " ran more than one of these runs");
      }
      if (!assignment.verify(broker)) {
        throw Errors.error(
            ErrorCodes.BAD_SIGNATURE, "assignment not signed by " + ticket.brokerId());
      }
      if (!receipt.verify(key(stub, receipt.providerId(), Role.PROVIDER))) {
        throw Errors.error(
            ErrorCodes.BAD_SIGNATURE, "receipt not signed by " + receipt.providerId());
      }
    }
  }

  /**
   * The consumer's signature on the ticket, against its registered certificate; for a ticket fired
   * under a grant, its broker's (settlement checks the grant itself before paying such a run).
   */
  static void checkTicket(ChaincodeStub stub, InvocationTicket ticket) {
    String signer = ticket.firedUnderGrant() ? ticket.brokerId() : ticket.consumerId();
    Role role = ticket.firedUnderGrant() ? Role.BROKER : Role.CONSUMER;
    if (!ticket.verify(key(stub, signer, role))) {
      throw Errors.error(ErrorCodes.BAD_SIGNATURE, "ticket not signed by " + signer);
    }
  }

  static boolean sameTicket(InvocationTicket a, InvocationTicket b) {
    return Arrays.equals(a.signingPayload(), b.signingPayload())
        && String.valueOf(a.signature()).equals(b.signature());
  }

  private static PublicKey key(ChaincodeStub stub, String id, Role role) {
    Participant participant = Participants.find(stub, id);
    if (participant == null || !role.attributeValue().equals(participant.role())) {
      throw Errors.badRequest("no registered " + role.attributeValue() + " " + id);
    }
    return Pem.certificate(participant.certificatePem()).getPublicKey();
  }
}
