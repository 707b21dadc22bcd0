package io.edgemarket.sdk;

import io.edgemarket.model.InvocationTicket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tickets this client signed for invocation ids its caller chose, so that invoking the same id
 * again with the same input (an application's retry) sends the very same signed ticket, which the
 * broker answers with the first result instead of refusing it as a DUPLICATE. Bounded: the oldest
 * are forgotten first (a ticket is only good for a minute or so past its function's timeout).
 */
final class RecentTickets {
  static final int MAX = 10_000;

  private final Map<String, InvocationTicket> tickets =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, InvocationTicket> eldest) {
          return size() > MAX;
        }
      };

  /**
   * The ticket signed before for this id, if it is for the same function version, input and price
   * ceiling and still valid; else null.
   */
  synchronized InvocationTicket reusable(
      String invocationId, String functionDigest, byte[] input, long maxPrice, long now) {
    InvocationTicket ticket = tickets.get(invocationId);
    if (ticket == null
        || !ticket.functionDigest().equals(functionDigest)
        || ticket.maxPrice() != maxPrice
        || ticket.expiresAt() <= now
        || !ticket.matchesInput(input)) {
      return null;
    }
    return ticket;
  }

  synchronized void remember(InvocationTicket ticket) {
    tickets.put(ticket.invocationId(), ticket);
  }
}
