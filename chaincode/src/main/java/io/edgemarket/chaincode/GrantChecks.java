package io.edgemarket.chaincode;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.GrantRecord;
import io.edgemarket.model.ledger.Records.GrantUsage;
import io.edgemarket.model.ledger.Records.Rejection;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * What must hold for a receipt whose ticket was fired under a grant, beyond the ticket's own
 * (broker's) signature: the grant is on the ledger, the ticket's consumer's, not revoked, signed by
 * that consumer, its terms cover the ticket, and paying it keeps the grant within {@code maxCalls}
 * and {@code maxSpend}.
 *
 * <p>Each grant of a batch is read and its signature verified once; its counters ({@code
 * GRANTUSE~grantId}) are read once and written once, after the batch's last receipt. A batch that
 * pays under a grant already reads and rewrites the grant's consumer's account, so the counter adds
 * no conflict between batches that did not have one; revoking writes {@code GRANT~grantId}, which
 * the batch read, so a revocation and a settlement racing commit one after the other.
 */
final class GrantChecks {
  private final ChaincodeStub stub;
  private final Map<String, Optional<GrantRecord>> grants = new HashMap<>();
  private final Map<String, Boolean> signedByConsumer = new HashMap<>();
  private final Map<String, GrantUsage> usage = new TreeMap<>();
  private final Map<String, GrantUsage> paid = new TreeMap<>();

  GrantChecks(ChaincodeStub stub) {
    this.stub = stub;
  }

  /**
   * Null when the grant the receipt's ticket names lets it be paid (counters aside: see {@link
   * #overLimit}); {@code consumerKey} is the ticket's consumer's registered key.
   */
  Rejection problem(Receipt receipt, PublicKey consumerKey) {
    InvocationTicket ticket = receipt.ticket();
    String id = receipt.assignment().runId();
    GrantRecord record = record(ticket.grantId());
    if (record == null) {
      return new Rejection(id, ErrorCodes.NOT_FOUND, "no grant " + ticket.grantId());
    }
    if (!record.grant().consumerId().equals(ticket.consumerId())) {
      return new Rejection(
          id,
          ErrorCodes.BAD_RECEIPT,
          "grant " + ticket.grantId() + " is not " + ticket.consumerId() + "'s");
    }
    if (record.revoked()) {
      return new Rejection(
          id,
          ErrorCodes.GRANT_REVOKED,
          "grant " + ticket.grantId() + " was revoked at " + record.revokedAt());
    }
    boolean signed =
        signedByConsumer.computeIfAbsent(ticket.grantId(), g -> record.grant().verify(consumerKey));
    if (!signed) {
      return new Rejection(
          id,
          ErrorCodes.BAD_SIGNATURE,
          "grant " + ticket.grantId() + " not signed by " + ticket.consumerId());
    }
    String terms = record.grant().termsProblem(ticket);
    if (terms != null) {
      return new Rejection(id, ErrorCodes.BAD_RECEIPT, terms);
    }
    if (receipt.assignment().replica() != Assignment.PRIMARY) {
      // Which tickets are sampled for redundant runs follows the ticket's signature, here the
      // broker's: it must not be able to choose to charge the consumer for more runs.
      return new Rejection(
          id, ErrorCodes.BAD_RECEIPT, "a firing under a grant is paid for its primary run only");
    }
    return null;
  }

  /** Null when paying the receipt keeps its grant within its counters, else GRANT_EXHAUSTED. */
  Rejection overLimit(Receipt receipt) {
    InvocationTicket ticket = receipt.ticket();
    GrantRecord record = record(ticket.grantId());
    GrantUsage now = current(ticket.grantId());
    long spend;
    try {
      spend = Math.addExact(now.spend(), receipt.amount());
    } catch (ArithmeticException e) {
      spend = Long.MAX_VALUE;
    }
    if (now.calls() + 1 > record.grant().maxCalls() || spend > record.grant().maxSpend()) {
      return new Rejection(
          receipt.assignment().runId(),
          ErrorCodes.GRANT_EXHAUSTED,
          "grant "
              + ticket.grantId()
              + " has paid "
              + now.calls()
              + " calls and "
              + now.spend()
              + " of at most "
              + record.grant().maxCalls()
              + " and "
              + record.grant().maxSpend());
    }
    return null;
  }

  /** Counts a receipt paid under its grant. */
  void paid(Receipt receipt) {
    String grantId = receipt.ticket().grantId();
    GrantUsage now = current(grantId);
    paid.put(
        grantId,
        new GrantUsage(grantId, now.calls() + 1, Math.addExact(now.spend(), receipt.amount())));
  }

  /** Writes the counters of every grant this batch paid under, once each. */
  void write() {
    paid.forEach(
        (grantId, counted) -> State.write(stub, Keys.of(stub, Keys.GRANT_USE, grantId), counted));
  }

  private GrantUsage current(String grantId) {
    GrantUsage counted = paid.get(grantId);
    return counted != null ? counted : usage.computeIfAbsent(grantId, g -> Grants.usage(stub, g));
  }

  private GrantRecord record(String grantId) {
    return grants
        .computeIfAbsent(grantId, g -> Optional.ofNullable(Grants.find(stub, g)))
        .orElse(null);
  }
}
