package io.edgemarket.model.api;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;

/**
 * The broker's dispatch of one invocation to a provider agent, under one of the agent's offers. The
 * agent fetches the code by {@code function.digest()} from the broker's blob store if it has not
 * cached it, and checks the digest before running it. {@code assignment} is the broker's signed
 * placement of the ticket on that offer; the agent's receipt carries it, and without it the receipt
 * cannot be paid.
 */
public record InvokeRequest(
    InvocationTicket ticket,
    FunctionSpec function,
    String offerId,
    byte[] input,
    Assignment assignment) {}
