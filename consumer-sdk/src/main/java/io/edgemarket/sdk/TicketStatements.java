package io.edgemarket.sdk;

import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Statement;
import io.edgemarket.model.crypto.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The consumer's statements over the tickets it issues (issue 11): one signature over many tickets,
 * which the broker settles their receipts with, so the ledger verifies it instead of each ticket's
 * signature. A statement rides on the next invocation once {@value #MAX_TICKETS} tickets wait, or
 * {@value #MIN_TICKETS} have waited {@value #PERIOD_MILLIS} ms; what is left when the client closes
 * is sent on its own. A slow caller never pays for one: below {@value #MIN_TICKETS} tickets its
 * tickets are verified one by one, which the ledger does quickly enough at that rate.
 */
final class TicketStatements {
  static final int MAX_TICKETS = 256;
  static final int MIN_TICKETS = 16;
  static final long PERIOD_MILLIS = 50;

  private final Identity identity;
  private final String prefix = UUID.randomUUID().toString();
  private List<byte[]> pending = new ArrayList<>();
  private long firstAt;
  private long signed;

  TicketStatements(Identity identity) {
    this.identity = identity;
  }

  /** Notes a fresh ticket; returns the statement to send with it, or null when none is due. */
  Statement issued(InvocationTicket ticket, long nowMillis) {
    byte[] leaf = ticket.leafHash();
    List<byte[]> due;
    synchronized (this) {
      if (pending.isEmpty()) {
        firstAt = nowMillis;
      }
      pending.add(leaf);
      boolean full = pending.size() >= MAX_TICKETS;
      boolean ripe = pending.size() >= MIN_TICKETS && nowMillis - firstAt >= PERIOD_MILLIS;
      if (!full && !ripe) {
        return null;
      }
      due = pending;
      pending = new ArrayList<>();
    }
    return sign(due);
  }

  /** A statement of the tickets still waiting for one, or null when none are. */
  Statement rest() {
    List<byte[]> due;
    synchronized (this) {
      if (pending.isEmpty()) {
        return null;
      }
      due = pending;
      pending = new ArrayList<>();
    }
    return sign(due);
  }

  private Statement sign(List<byte[]> leaves) {
    long n;
    synchronized (this) {
      n = signed++;
    }
    return Statement.sign(Statement.TICKETS, identity, prefix + "-" + n, leaves);
  }
}
