package io.edgemarket.broker.invoke;

import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.http.AuthenticatedCaller;

/** The checks on a request that need nothing but the request and the caller. */
final class Validation {
  private static final int MAX_ID_LENGTH = 256;

  private Validation() {}

  static void check(
      AuthenticatedCaller caller,
      InvocationTicket ticket,
      byte[] input,
      long now,
      String brokerId) {
    if (ticket == null || input == null) {
      throw malformed("an invocation needs a ticket and an input");
    }
    if (input.length > Limits.MAX_PAYLOAD_BYTES) {
      throw new InvocationRefusedException(
          Refusal.TOO_LARGE,
          "input is " + input.length + " bytes; the limit is " + Limits.MAX_PAYLOAD_BYTES);
    }
    String id = ticket.invocationId();
    if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH || !printable(id)) {
      throw malformed("invocationId must be 1-256 printable characters");
    }
    if (ticket.functionId() == null || ticket.functionDigest() == null || ticket.salt() == null) {
      throw malformed("ticket lacks functionId, functionDigest or salt");
    }
    if (!brokerId.equals(ticket.brokerId())) {
      // Only the broker a ticket names can place and settle it: running it here would be work
      // nobody can be paid for.
      throw malformed(
          "the ticket names broker " + ticket.brokerId() + "; this broker is " + brokerId);
    }
    if (!caller.id().equals(ticket.consumerId())) {
      throw new InvocationRefusedException(
          Refusal.NOT_YOURS, "the ticket belongs to " + ticket.consumerId());
    }
    if (!ticket.verify(caller.certificate().getPublicKey())) {
      throw new InvocationRefusedException(
          Refusal.BAD_SIGNATURE, "ticket signature does not verify");
    }
    boolean matches;
    try {
      matches = ticket.matchesInput(input);
    } catch (IllegalArgumentException e) {
      matches = false; // a salt that is not hex
    }
    if (!matches) {
      throw malformed("input does not match the ticket's input digest");
    }
    if (ticket.expiresAt() <= now) {
      throw malformed("ticket expired at " + ticket.expiresAt());
    }
    if (ticket.maxPrice() < 0) {
      throw malformed("maxPrice must not be negative");
    }
  }

  private static boolean printable(String text) {
    return text.codePoints().noneMatch(c -> c < 0x20 || c == 0x7f || c == Character.MAX_CODE_POINT);
  }

  private static InvocationRefusedException malformed(String message) {
    return new InvocationRefusedException(Refusal.MALFORMED, message);
  }
}
