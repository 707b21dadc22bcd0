package io.edgemarket.model;

import io.edgemarket.model.crypto.Crypto;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The items a batch's {@link Statement}s vouch for, once each statement is verified against its
 * signer's registered key: the chaincode consults it before verifying a receipt's or a ticket's own
 * signature, and an auditor does the same after settlement. A statement that does not verify, or
 * whose signer is not registered in the role its kind needs, covers nothing and is not kept: the
 * items it names are then verified one by one, as if it had never been sent.
 */
public final class StatementCover {

  /** A registered participant's key in a role, or null when it is not one. */
  @FunctionalInterface
  public interface Keys {
    PublicKey of(String participantId, Role role);
  }

  private static final StatementCover NONE = new StatementCover(Map.of(), Map.of(), List.of());

  private final Map<String, Set<String>> receipts;
  private final Map<String, Set<String>> tickets;
  private final List<Statement> verified;

  private StatementCover(
      Map<String, Set<String>> receipts,
      Map<String, Set<String>> tickets,
      List<Statement> verified) {
    this.receipts = receipts;
    this.tickets = tickets;
    this.verified = verified;
  }

  public static StatementCover none() {
    return NONE;
  }

  /** Verifies each statement once, in order, and keeps those that hold. */
  public static StatementCover verify(List<Statement> statements, Keys keys) {
    if (statements == null || statements.isEmpty()) {
      return NONE;
    }
    Map<String, Set<String>> receipts = new HashMap<>();
    Map<String, Set<String>> tickets = new HashMap<>();
    List<Statement> verified = new ArrayList<>();
    for (Statement statement : statements) {
      if (statement == null || statement.signerRole() == null || statement.signerId() == null) {
        continue;
      }
      PublicKey key;
      try {
        key = keys.of(statement.signerId(), statement.signerRole());
      } catch (RuntimeException e) {
        key = null; // an unreadable certificate vouches for nothing
      }
      if (key == null || !statement.verify(key)) {
        continue;
      }
      Map<String, Set<String>> byKind =
          Statement.RECEIPTS.equals(statement.kind()) ? receipts : tickets;
      Set<String> leaves = byKind.computeIfAbsent(statement.signerId(), s -> new HashSet<>());
      for (String leaf : statement.leaves()) {
        leaves.add(leaf.toLowerCase(Locale.ROOT));
      }
      verified.add(statement);
    }
    return verified.isEmpty() ? NONE : new StatementCover(receipts, tickets, List.copyOf(verified));
  }

  /**
   * Whether its provider's verified statement names this receipt ({@code leafHash} is its leaf).
   */
  public boolean coversReceipt(String providerId, byte[] leafHash) {
    Set<String> leaves = receipts.get(providerId);
    return leaves != null && leaves.contains(Crypto.hex(leafHash));
  }

  /**
   * Whether its consumer's verified statement names this ticket. Never a ticket fired under a
   * grant: its broker signed it, and the grant, not a statement, is the consumer's consent.
   */
  public boolean coversTicket(InvocationTicket ticket) {
    if (ticket.firedUnderGrant()) {
      return false;
    }
    Set<String> leaves = tickets.get(ticket.consumerId());
    return leaves != null && leaves.contains(Crypto.hex(ticket.leafHash()));
  }

  /** The statements that verified, in the order given: what the ledger records. */
  public List<Statement> verified() {
    return verified;
  }

  public boolean isEmpty() {
    return verified.isEmpty();
  }
}
