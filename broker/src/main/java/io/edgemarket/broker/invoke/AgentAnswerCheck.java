package io.edgemarket.broker.invoke;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvokeResponse;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.ledger.LedgerException;
import java.util.Optional;

/**
 * Checks a provider agent's answer (its receipt and output) before the broker accepts it: the
 * receipt must be one the chaincode will pay (same ticket, the offer's provider, consistent amount
 * within the ticket's maxPrice, fuel within the function's maxFuel, signed with the provider's
 * registered key) and must describe the output the consumer receives. Any failure is the provider's
 * fault. Cheap checks run first; the signature check last.
 */
final class AgentAnswerCheck {
  private final ProviderKeys keys;

  AgentAnswerCheck(ProviderKeys keys) {
    this.keys = keys;
  }

  /** Null when the answer is acceptable, else what is wrong with it. */
  String problem(
      InvokeResponse response,
      InvocationTicket ticket,
      FunctionSpec function,
      Offer offer,
      Assignment assignment) {
    Receipt receipt = response.receipt();
    if (receipt == null) {
      return "answer carries no receipt";
    }
    byte[] output = response.output() == null ? new byte[0] : response.output();
    if (output.length > Limits.MAX_PAYLOAD_BYTES) {
      return "output of " + output.length + " bytes exceeds the limit";
    }
    if (!ticket.equals(receipt.ticket())) {
      return "receipt is for another ticket";
    }
    if (!assignment.equals(receipt.assignment())) {
      return "receipt carries another assignment than the broker's";
    }
    if (!offer.providerId().equals(receipt.providerId())
        || !offer.offerId().equals(receipt.offerId())) {
      return "receipt names another provider or offer";
    }
    if (!Receipt.OK.equals(receipt.status()) && !Receipt.FUNCTION_ERROR.equals(receipt.status())
        || !receipt.status().equals(response.status())) {
      return "receipt status " + receipt.status() + " does not match answer " + response.status();
    }
    if (!receipt.matchesOutput(output)) {
      return "output does not match the receipt's output digest";
    }
    if (!receipt.amountIsConsistent() || receipt.amount() > ticket.maxPrice()) {
      return "receipt amount " + receipt.amount() + " is inconsistent or above maxPrice";
    }
    if (receipt.usage().fuel() > function.fuelLimit()) {
      return "receipt fuel " + receipt.usage().fuel() + " is above maxFuel " + function.maxFuel();
    }
    // The chaincode pays exactly the matched offer's prices, no more and no less.
    if (receipt.pricePerInvocation() != offer.pricePerInvocation()
        || receipt.pricePerMegaFuel() != offer.pricePerMegaFuel()) {
      return "receipt prices are not the offer's";
    }
    Optional<Boolean> verified;
    try {
      verified = keys.verifies(receipt);
    } catch (LedgerException e) {
      return "provider key unavailable: " + e.code();
    }
    if (verified.isEmpty()) {
      return "provider " + receipt.providerId() + " is not a registered provider";
    }
    if (!verified.get()) {
      return "receipt signature does not verify with the provider's registered certificate";
    }
    return null;
  }
}
