package io.edgemarket.chaincode;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Participant;
import io.edgemarket.model.ledger.Records.Rejection;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Everything that must hold for one receipt to be paid, except coverage (which depends on the
 * receipts before it). Lookups are cached for the batch: a batch typically repeats a few providers,
 * consumers, functions and offers many times, and parsing a certificate costs more than verifying
 * with it. The caches are only looked up, never iterated, so they cannot make endorsers disagree.
 */
final class ReceiptChecks {
  private final ChaincodeStub stub;
  private final Map<String, Optional<Participant>> participants = new HashMap<>();
  private final Map<String, PublicKey> keys = new HashMap<>();
  private final Map<String, Optional<FunctionSpec>> functions = new HashMap<>();
  private final Map<String, Optional<Offer>> offers = new HashMap<>();

  ReceiptChecks(ChaincodeStub stub) {
    this.stub = stub;
  }

  /** Null when the receipt may be paid, else why not; checks run in a fixed, documented order. */
  Rejection check(Receipt receipt, Set<String> settledInBatch) {
    String id = receipt.invocationId();
    InvocationTicket ticket = receipt.ticket();
    if (!Keys.isValidId(id)) {
      return reject(id, ErrorCodes.BAD_RECEIPT, "invocationId is missing or malformed");
    }
    if (settledInBatch.contains(id)) {
      return reject(id, ErrorCodes.DUPLICATE, "settled earlier in this batch");
    }
    if (State.exists(stub, Keys.of(stub, Keys.RECEIPT, id))) {
      return reject(id, ErrorCodes.DUPLICATE, "already settled");
    }
    Participant provider = participant(receipt.providerId(), Role.PROVIDER);
    if (provider == null) {
      return reject(id, ErrorCodes.NOT_REGISTERED, "no provider " + receipt.providerId());
    }
    if (!receipt.verify(key(provider))) {
      return reject(id, ErrorCodes.BAD_SIGNATURE, "receipt not signed by " + provider.id());
    }
    Participant consumer = participant(ticket.consumerId(), Role.CONSUMER);
    if (consumer == null) {
      return reject(id, ErrorCodes.NOT_REGISTERED, "no consumer " + ticket.consumerId());
    }
    if (!ticket.verify(key(consumer))) {
      return reject(id, ErrorCodes.BAD_SIGNATURE, "ticket not signed by " + consumer.id());
    }
    FunctionSpec function =
        functions
            .computeIfAbsent(ticket.functionId(), f -> Optional.ofNullable(Functions.find(stub, f)))
            .orElse(null);
    if (function == null || !function.functionId().equals(ticket.functionId())) {
      return reject(id, ErrorCodes.BAD_RECEIPT, "unknown function " + ticket.functionId());
    }
    if (!function.digest().equals(ticket.functionDigest())) {
      return reject(id, ErrorCodes.BAD_RECEIPT, "ticket digest differs from the registered code");
    }
    String problem = termsProblem(receipt);
    return problem == null ? null : reject(id, ErrorCodes.BAD_RECEIPT, problem);
  }

  private String termsProblem(Receipt receipt) {
    InvocationTicket ticket = receipt.ticket();
    if (!Receipt.OK.equals(receipt.status()) && !Receipt.FUNCTION_ERROR.equals(receipt.status())) {
      return "status must be OK or FUNCTION_ERROR";
    }
    if (!receipt.amountIsConsistent()) {
      return "amount differs from usage at the stated prices";
    }
    if (receipt.amount() > ticket.maxPrice()) {
      return "amount " + receipt.amount() + " exceeds the ticket's maxPrice " + ticket.maxPrice();
    }
    Offer offer =
        offers
            .computeIfAbsent(receipt.offerId(), o -> Optional.ofNullable(Offers.find(stub, o)))
            .orElse(null);
    if (offer == null || !offer.providerId().equals(receipt.providerId())) {
      return "offer " + receipt.offerId() + " is not the provider's";
    }
    if (receipt.startedAt() < 0 || receipt.finishedAt() < receipt.startedAt()) {
      return "finishedAt precedes startedAt";
    }
    if (receipt.startedAt() > ticket.expiresAt()) {
      return "started after the ticket expired";
    }
    return null;
  }

  private Participant participant(String id, Role role) {
    Participant found =
        participants
            .computeIfAbsent(id, p -> Optional.ofNullable(Participants.find(stub, p)))
            .orElse(null);
    return found != null && role.attributeValue().equals(found.role()) ? found : null;
  }

  private PublicKey key(Participant participant) {
    return keys.computeIfAbsent(
        participant.id(), p -> Pem.certificate(participant.certificatePem()).getPublicKey());
  }

  private static Rejection reject(String id, String code, String message) {
    return new Rejection(id, code, message);
  }
}
