package io.edgemarket.chaincode;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.Statement;
import io.edgemarket.model.StatementCover;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.MarketConfig;
import io.edgemarket.model.ledger.Records.Participant;
import io.edgemarket.model.ledger.Records.Rejection;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Everything that must hold for one receipt to be paid, except coverage (which depends on the
 * receipts before it). Lookups are cached for the batch: a batch typically repeats a few providers,
 * consumers, functions and offers many times, and parsing a certificate costs more than verifying
 * with it. The caches are only looked up, never iterated, so they cannot make endorsers disagree.
 */
final class ReceiptChecks {
  private final ChaincodeStub stub;
  private final String brokerId;
  private final long now;
  private final MarketConfig config;
  private final boolean assignmentsVouched;
  private final Map<String, Optional<Participant>> participants = new HashMap<>();
  private final Map<String, PublicKey> keys = new HashMap<>();
  private final Map<String, Optional<FunctionSpec>> functions = new HashMap<>();
  private final Map<String, Optional<Offer>> offers = new HashMap<>();
  private final RunChecks runs;
  private final DisputeChecks verdicts;
  private final GrantChecks grants;
  private SignatureVerdicts signatures = SignatureVerdicts.none();
  private StatementCover cover = StatementCover.none();
  private Map<Receipt, Byte> covered = Map.of();

  /**
   * @param brokerId the broker settling: it must be the broker each ticket names
   * @param now the transaction's timestamp, against which expiry is judged
   * @param assignmentsVouched the broker signed the batch, and with it every assignment in it: an
   *     assignment's own signature is then not verified
   */
  ReceiptChecks(
      ChaincodeStub stub,
      String brokerId,
      long now,
      MarketConfig config,
      boolean assignmentsVouched) {
    this.stub = stub;
    this.brokerId = brokerId;
    this.now = now;
    this.config = config;
    this.assignmentsVouched = assignmentsVouched;
    this.runs = new RunChecks(stub);
    this.verdicts = new DisputeChecks(stub);
    this.grants = new GrantChecks(stub);
  }

  /** The grants of the batch's tickets fired under one, and their counters. */
  GrantChecks grants() {
    return grants;
  }

  /**
   * Verifies the batch's statements, each once, against its signer's registered key in the role its
   * kind needs ({@link StatementCover}); those that hold stand for the signatures of the receipts
   * and tickets they name.
   */
  StatementCover acceptStatements(List<Statement> statements) {
    cover =
        StatementCover.verify(
            statements,
            (id, role) -> {
              Participant signer = participant(id, role);
              return signer == null ? null : key(signer);
            });
    return cover;
  }

  /**
   * Marks what the statements cover, reads the signers' keys of every receipt of the batch, in
   * order, then verifies all the signatures no statement covers at once ({@link
   * SignatureVerdicts}); {@link #check} then reads the verdicts. Reads only what {@link #check}
   * would read for a receipt that gets as far as its signatures. {@code leafHashes.get(i)} is
   * {@code receipts.get(i)}'s leaf.
   */
  void verifyAhead(List<Receipt> receipts, List<byte[]> leafHashes) {
    if (!cover.isEmpty()) {
      covered = new IdentityHashMap<>(receipts.size() * 2);
      for (int i = 0; i < receipts.size(); i++) {
        byte bits = coverOf(receipts.get(i), leafHashes.get(i));
        if (bits != 0) {
          covered.put(receipts.get(i), bits);
        }
      }
    }
    List<SignatureVerdicts.Signers> signers = new ArrayList<>(receipts.size());
    for (Receipt receipt : receipts) {
      Byte bits = covered.get(receipt);
      signers.add(signers(receipt, bits == null ? 0 : bits));
    }
    signatures = SignatureVerdicts.of(receipts, signers);
  }

  private byte coverOf(Receipt receipt, byte[] leafHash) {
    byte bits = 0;
    try {
      if (cover.coversReceipt(receipt.providerId(), leafHash)) {
        bits |= SignatureVerdicts.RECEIPT;
      }
      if (cover.coversTicket(receipt.ticket())) {
        bits |= SignatureVerdicts.TICKET;
      }
    } catch (RuntimeException e) {
      return 0; // malformed: verified (and refused) on its own
    }
    return bits;
  }

  private SignatureVerdicts.Signers signers(Receipt receipt, int covered) {
    try {
      Participant provider = participant(receipt.providerId(), Role.PROVIDER);
      // A ticket fired under a grant is its broker's to sign (the grant is the consumer's consent).
      Participant ticketSigner = ticketSigner(receipt.ticket());
      Participant broker = participant(brokerId, Role.BROKER);
      return new SignatureVerdicts.Signers(
          provider == null || (covered & SignatureVerdicts.RECEIPT) != 0 ? null : key(provider),
          ticketSigner == null || (covered & SignatureVerdicts.TICKET) != 0
              ? null
              : key(ticketSigner),
          broker == null || assignmentsVouched ? null : key(broker));
    } catch (RuntimeException e) {
      return null; // malformed: its checks meet the problem in their own order
    }
  }

  /**
   * Covered by its signer's statement, or the verdict verified ahead, or, for a receipt that was
   * not, verified now.
   */
  private boolean signed(Receipt receipt, byte which, BooleanSupplier verifyNow) {
    Byte vouched = covered.get(receipt);
    if (vouched != null && (vouched & which) != 0) {
      return true; // its signer's verified statement names it
    }
    Byte bits = signatures.of(receipt);
    return bits == null ? verifyNow.getAsBoolean() : (bits & which) != 0;
  }

  /**
   * Null when the receipt may be paid, else why not; checks run in a fixed, documented order.
   * {@code settledInBatch} holds the run ids ({@link Assignment#runId}) paid earlier in the batch.
   */
  Rejection check(Receipt receipt, Set<String> settledInBatch) {
    InvocationTicket ticket = receipt.ticket();
    if (!Keys.isValidId(receipt.invocationId())
        || !receipt.invocationId().equals(receipt.assignment().invocationId())) {
      return reject(
          receipt.invocationId(), ErrorCodes.BAD_RECEIPT, "invocationId is missing or malformed");
    }
    // A run is stored under its own id: the invocation id for the primary run, id#n for a
    // redundant one, so each run of a sampled ticket is paid at most once.
    String id = receipt.assignment().runId();
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
    if (!signed(receipt, SignatureVerdicts.RECEIPT, () -> receipt.verify(key(provider)))) {
      return reject(id, ErrorCodes.BAD_SIGNATURE, "receipt not signed by " + provider.id());
    }
    Participant consumer = participant(ticket.consumerId(), Role.CONSUMER);
    if (consumer == null) {
      return reject(id, ErrorCodes.NOT_REGISTERED, "no consumer " + ticket.consumerId());
    }
    Participant ticketSigner = ticketSigner(ticket);
    if (ticketSigner == null
        || !signed(receipt, SignatureVerdicts.TICKET, () -> ticket.verify(key(ticketSigner)))) {
      return reject(
          id,
          ErrorCodes.BAD_SIGNATURE,
          "ticket not signed by " + (ticket.firedUnderGrant() ? brokerId : consumer.id()));
    }
    if (ticket.firedUnderGrant()) {
      Rejection grant = grants.problem(receipt, key(consumer));
      if (grant != null) {
        return grant;
      }
    }
    Rejection placement = placementProblem(receipt);
    if (placement != null) {
      return placement;
    }
    String version = ticket.functionId() + "@" + ticket.functionDigest();
    FunctionSpec function =
        functions
            .computeIfAbsent(
                version,
                v ->
                    Optional.ofNullable(
                        Functions.version(stub, ticket.functionId(), ticket.functionDigest())))
            .orElse(null);
    if (function == null || !function.functionId().equals(ticket.functionId())) {
      return reject(
          id,
          ErrorCodes.BAD_RECEIPT,
          "function " + ticket.functionId() + " has no version " + ticket.functionDigest());
    }
    String problem = termsProblem(receipt);
    if (problem == null && receipt.usage().fuel() > function.fuelLimit()) {
      // Fuel is the one metered quantity: past the version's limit the agent should have stopped
      // the run, so a claim beyond it is an inflated meter, whatever maxPrice would still allow.
      problem =
          "fuel "
              + receipt.usage().fuel()
              + " exceeds the function version's maxFuel "
              + function.maxFuel();
    }
    if (problem == null) {
      problem = runs.problem(receipt, function);
    }
    if (problem != null) {
      return reject(id, ErrorCodes.BAD_RECEIPT, problem);
    }
    return verdicts.rejection(receipt);
  }

  /** Records a run paid by this batch, so later runs of its invocation see its provider. */
  void paid(Receipt receipt) {
    runs.paid(receipt);
  }

  /**
   * The ticket's own broker placed it on this provider's offer, before the ticket expired, and the
   * ticket is settled within its window: a provider that merely saw a ticket cannot claim it, nor
   * can another broker, nor can anyone days later.
   */
  private Rejection placementProblem(Receipt receipt) {
    String id = receipt.assignment().runId();
    InvocationTicket ticket = receipt.ticket();
    Assignment assignment = receipt.assignment();
    if (!brokerId.equals(ticket.brokerId())) {
      return reject(
          id,
          ErrorCodes.BAD_RECEIPT,
          "the ticket names broker " + ticket.brokerId() + ", not " + brokerId);
    }
    if (!assignment.isFor(ticket) || !brokerId.equals(assignment.brokerId())) {
      return reject(id, ErrorCodes.BAD_RECEIPT, "the assignment is not for this ticket and broker");
    }
    Participant broker = participant(brokerId, Role.BROKER);
    if (broker == null
        || !assignmentsVouched
            && !signed(
                receipt, SignatureVerdicts.ASSIGNMENT, () -> assignment.verify(key(broker)))) {
      return reject(id, ErrorCodes.BAD_SIGNATURE, "assignment not signed by " + brokerId);
    }
    if (!assignment.providerId().equals(receipt.providerId())
        || !assignment.offerId().equals(receipt.offerId())) {
      return reject(
          id,
          ErrorCodes.BAD_RECEIPT,
          "the ticket was assigned to "
              + assignment.providerId()
              + "'s offer "
              + assignment.offerId());
    }
    if (ticket.expiresAt() < ticket.issuedAt()
        || ticket.expiresAt() - ticket.issuedAt() > config.maxTicketTtl()) {
      return reject(
          id,
          ErrorCodes.BAD_RECEIPT,
          "the ticket lives longer than " + config.maxTicketTtl() + " ms");
    }
    if (assignment.assignedAt() > ticket.expiresAt()) {
      return reject(id, ErrorCodes.BAD_RECEIPT, "the ticket was placed after it expired");
    }
    if (now > ticket.expiresAt() + config.settlementWindow()) {
      return reject(
          id,
          ErrorCodes.BAD_RECEIPT,
          "the ticket expired at "
              + ticket.expiresAt()
              + "; its settlement window closed "
              + config.settlementWindow()
              + " ms later");
    }
    return null;
  }

  private String termsProblem(Receipt receipt) {
    InvocationTicket ticket = receipt.ticket();
    if (!Receipt.OK.equals(receipt.status()) && !Receipt.FUNCTION_ERROR.equals(receipt.status())) {
      return "status must be OK or FUNCTION_ERROR";
    }
    if (!receipt.amountIsConsistent()) {
      return "amount differs from usage at the stated prices";
    }
    if (receipt.amount() < 0 || receipt.amount() > Money.MAX_AMOUNT) {
      return "amount must be 0.." + Money.MAX_AMOUNT;
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
    if (offer.pricePerInvocation() != receipt.pricePerInvocation()
        || offer.pricePerMegaFuel() != receipt.pricePerMegaFuel()) {
      return "prices "
          + receipt.pricePerInvocation()
          + "/"
          + receipt.pricePerMegaFuel()
          + " are not offer "
          + offer.offerId()
          + "'s "
          + offer.pricePerInvocation()
          + "/"
          + offer.pricePerMegaFuel();
    }
    if (receipt.startedAt() < 0 || receipt.finishedAt() < receipt.startedAt()) {
      return "finishedAt precedes startedAt";
    }
    return null;
  }

  /**
   * Who must have signed the ticket: its consumer, or, for a ticket fired under a grant, the broker
   * settling it (a grant ticket naming another broker is not this broker's to settle).
   */
  private Participant ticketSigner(InvocationTicket ticket) {
    return ticket.firedUnderGrant()
        ? participant(brokerId, Role.BROKER)
        : participant(ticket.consumerId(), Role.CONSUMER);
  }

  private Participant participant(String id, Role role) {
    Participant found =
        participants
            .computeIfAbsent(id, p -> Optional.ofNullable(Participants.find(stub, p)))
            .orElse(null);
    return found != null && found.active() && role.attributeValue().equals(found.role())
        ? found
        : null;
  }

  private PublicKey key(Participant participant) {
    return keys.computeIfAbsent(
        participant.id(), p -> Pem.certificate(participant.certificatePem()).getPublicKey());
  }

  private static Rejection reject(String id, String code, String message) {
    return new Rejection(id, code, message);
  }
}
