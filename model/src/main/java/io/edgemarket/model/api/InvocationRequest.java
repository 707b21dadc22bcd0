package io.edgemarket.model.api;

import io.edgemarket.model.InvocationTicket;

/** A consumer's call: its signed ticket and the input the ticket's digest binds. */
public record InvocationRequest(InvocationTicket ticket, byte[] input) {}
