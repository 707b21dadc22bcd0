package io.edgemarket.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.edgemarket.model.InvocationTicket;

/**
 * A consumer's call: its signed ticket, the input the ticket's digest binds, and where it would
 * like it placed (null: wherever the market serves it best).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvocationRequest(InvocationTicket ticket, byte[] input, Placement placement) {

  /** A call placed wherever the market serves it best. */
  public InvocationRequest(InvocationTicket ticket, byte[] input) {
    this(ticket, input, null);
  }
}
