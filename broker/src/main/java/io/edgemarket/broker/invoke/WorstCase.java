package io.edgemarket.broker.invoke;

import io.edgemarket.broker.market.LiveOffer;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Pricing;
import java.util.List;

/**
 * The most a run of a ticket can be charged on any of the offers it may be dispatched to: what
 * escrow holds for it. It mirrors what the chaincode pays and no more optimistically: the amount
 * must equal {@code Pricing.amount} of the receipt's fuel at the assigned offer's prices, be at
 * most the ticket's maxPrice, and the fuel at most the function version's maxFuel (the agent stops
 * a run there, {@link AgentAnswerCheck} and the ledger refuse a receipt claiming more). So the
 * worst case on an offer is its price for the function's whole fuel limit, or maxPrice if that is
 * less; a function registered without a limit (before functions had one) is bounded by maxPrice
 * alone on an offer that prices fuel. Time and memory limits do not bound what a receipt charges,
 * so they cannot lower the hold.
 */
final class WorstCase {
  private WorstCase() {}

  /** The hold for {@code ticket} of {@code function} run on any of {@code candidates} in turn. */
  static long hold(InvocationTicket ticket, FunctionSpec function, List<LiveOffer> candidates) {
    long worst = 0;
    for (LiveOffer live : candidates) {
      worst = Math.max(worst, onOffer(ticket, function, live.offer()));
    }
    return candidates.isEmpty() ? ticket.maxPrice() : worst;
  }

  /** The most a run of {@code ticket} of {@code function} on {@code offer} can be charged. */
  static long onOffer(InvocationTicket ticket, FunctionSpec function, Offer offer) {
    long fuel = offer.pricePerMegaFuel() == 0 ? 0 : function.fuelLimit();
    long atLimit;
    try {
      atLimit = Pricing.amount(offer.pricePerInvocation(), offer.pricePerMegaFuel(), fuel);
    } catch (ArithmeticException overflow) {
      return ticket.maxPrice(); // beyond any amount: the ticket's ceiling is the bound
    }
    return Math.min(ticket.maxPrice(), atLimit);
  }
}
