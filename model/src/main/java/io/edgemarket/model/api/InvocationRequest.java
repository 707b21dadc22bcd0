package io.edgemarket.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Statement;

/**
 * A consumer's call: its signed ticket, the input the ticket's digest binds, and where it would
 * like it placed (null: wherever the market serves it best). {@code statement}, optional, is the
 * consumer's one signature over tickets it issued lately ({@link Statement#TICKETS}): the broker
 * settles those tickets' receipts with it, and the ledger then verifies it instead of each ticket's
 * signature (issue 11).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvocationRequest(
    InvocationTicket ticket, byte[] input, Placement placement, Statement statement) {

  /** A call placed wherever the market serves it best. */
  public InvocationRequest(InvocationTicket ticket, byte[] input) {
    this(ticket, input, null, null);
  }

  public InvocationRequest(InvocationTicket ticket, byte[] input, Placement placement) {
    this(ticket, input, placement, null);
  }
}
