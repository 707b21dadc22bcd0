package io.edgemarket.broker.invoke;

import io.edgemarket.broker.market.LiveOffer;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import java.util.List;

/**
 * The most a run of a ticket can be charged on any of the offers it may be dispatched to: what
 * escrow holds for it. It mirrors what the chaincode pays and no more optimistically: the amount
 * must equal {@code Pricing.amount} of the receipt's fuel at the assigned offer's prices, and be at
 * most the ticket's maxPrice. Fuel has no limit of its own (no function or ticket field bounds it,
 * and an agent caps it only by what maxPrice affords), so on an offer that prices fuel the worst
 * case is maxPrice itself; on one that does not it is exactly the price per invocation, which the
 * broker also checks each receipt against ({@link AgentAnswerCheck}). Time and memory limits do not
 * bound what a receipt charges, so they cannot lower the hold.
 */
final class WorstCase {
  private WorstCase() {}

  /** The hold for {@code ticket} run on any of {@code candidates} (tried in turn). */
  static long hold(InvocationTicket ticket, List<LiveOffer> candidates) {
    long worst = 0;
    for (LiveOffer live : candidates) {
      worst = Math.max(worst, onOffer(ticket, live.offer()));
    }
    return candidates.isEmpty() ? ticket.maxPrice() : worst;
  }

  /** The most a run of {@code ticket} on {@code offer} can be charged. */
  static long onOffer(InvocationTicket ticket, Offer offer) {
    if (offer.pricePerMegaFuel() == 0) {
      return Math.min(ticket.maxPrice(), offer.pricePerInvocation());
    }
    return ticket.maxPrice();
  }
}
