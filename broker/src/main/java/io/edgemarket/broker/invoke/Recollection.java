package io.edgemarket.broker.invoke;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.broker.link.Recollector;
import io.edgemarket.broker.settle.SettlementQueue;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records.Participant;
import io.edgemarket.model.link.KeptOutput;
import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receipts agents kept, collected again after a restart (issue 11): the broker answers once a
 * receipt is written and forces its disk a moment later, so a machine crash in between loses it
 * from the queue, never from the agent. Each is verified as a fresh one is (the consumer's ticket
 * signature, this broker's own assignment of that ticket to this provider, the provider's
 * signature, a consistent amount within maxPrice; the chaincode checks the offer's prices again)
 * and queued only when nothing the broker holds decided on it: not queued or settled under its run
 * id, its invocation unknown (a known one was answered, failed or checked, and runs it did not
 * queue were deliberately not paid), assigned within {@link #WINDOW_MILLIS} (the invocation records
 * that remember failures are kept that long). A receipt queued here is charged once: the queue
 * keeps one receipt per run id and the ledger refuses a second. The output the agent kept beside it
 * (issue 16: a run whose answer a killed broker never heard) is kept as an answered one is; without
 * it, a lookup says the output is no longer kept.
 */
final class Recollection implements Recollector {
  /** Receipts assigned longer ago are refused: the broker no longer remembers their invocations. */
  static final long WINDOW_MILLIS = Retention.DEFAULT.outputMillis();

  private static final Logger LOG = LoggerFactory.getLogger(Recollection.class);

  private final String brokerId;
  private final PublicKey brokerKey;
  private final TrustRoots trust;
  private final MarketLedger ledger;
  private final ProviderKeys providers;
  private final InvocationRegistry registry;
  private final InvocationEnds ends;
  private final SettlementQueue queue;
  private final LongSupplier clock;

  Recollection(
      Identity broker,
      TrustRoots trust,
      MarketLedger ledger,
      InvocationRegistry registry,
      InvocationEnds ends,
      SettlementQueue queue,
      LongSupplier clock) {
    this.brokerId = broker.id();
    this.brokerKey = broker.certificate().getPublicKey();
    this.trust = trust;
    this.ledger = ledger;
    this.providers = new ProviderKeys(ledger, trust);
    this.registry = registry;
    this.ends = ends;
    this.queue = queue;
    this.clock = clock;
  }

  @Override
  public synchronized Verdict offer(String providerId, Receipt receipt, KeptOutput output) {
    String problem;
    try {
      problem = problem(providerId, receipt);
      if (problem == null
          && output != null
          && (output.output() == null || !receipt.matchesOutput(output.output()))) {
        // As a fresh answer whose output is not the one signed for: not paid.
        problem = "the output offered with it does not match its digest";
      }
    } catch (LedgerException e) {
      LOG.info("receipt re-collection from {} paused: ledger {}", providerId, e.code());
      return Verdict.RETRY;
    } catch (RuntimeException e) {
      problem = "malformed: " + e.getMessage();
    }
    Receipt answered = ends.answeredWith(receipt.assignment().runId());
    if (problem == null && answered != null && !answered.signature().equals(receipt.signature())) {
      // The provider may sign another receipt for the same run (other usage, other output): the
      // record of the answer says which one the consumer got.
      problem = "not the receipt this broker answered with";
    }
    if (problem != null) {
      LOG.warn("re-collected receipt from {} refused: {}", providerId, problem);
      return Verdict.REFUSED;
    }
    String runId = receipt.assignment().runId();
    if (queue.knows(runId)) {
      return Verdict.KNOWN;
    }
    if (registry.get(receipt.invocationId()) != null) {
      // Answered, failed or checked here: runs not queued were not to be paid. Still running
      // (rare: it was just signed), it may yet be queued; the agent keeps it until then.
      return receipt.finishedAt() < clock.getAsLong() - 60_000 ? Verdict.KNOWN : Verdict.KEEP;
    }
    try {
      if (ledger.settledReceipt(runId).isPresent()) {
        return Verdict.KNOWN;
      }
    } catch (LedgerException e) {
      return Verdict.RETRY;
    }
    ends.recollected(receipt, output);
    try {
      queue.write(receipt);
    } catch (IOException e) {
      LOG.error("re-collected receipt {} could not be queued", runId, e);
      return Verdict.RETRY;
    }
    LOG.info(
        "re-collected receipt {} from {} (amount {}): the broker had lost it",
        runId,
        providerId,
        receipt.amount());
    return Verdict.TAKEN;
  }

  @Override
  public void sync() throws IOException {
    queue.sync();
  }

  /** Null when the receipt is one this broker would have accepted from this provider. */
  private String problem(String providerId, Receipt receipt) throws LedgerException {
    InvocationTicket ticket = receipt.ticket();
    Assignment assignment = receipt.assignment();
    if (!providerId.equals(receipt.providerId()) || !providerId.equals(assignment.providerId())) {
      return "receipt for another provider (" + receipt.providerId() + ")";
    }
    if (!brokerId.equals(assignment.brokerId())
        || !brokerId.equals(ticket.brokerId())
        || !assignment.verify(brokerKey)) {
      return "not assigned by this broker";
    }
    if (!assignment.isFor(ticket) || !assignment.offerId().equals(receipt.offerId())) {
      return "assignment is for another ticket or offer";
    }
    if (assignment.assignedAt() < clock.getAsLong() - WINDOW_MILLIS) {
      return "assigned more than " + WINDOW_MILLIS / 60_000 + " minutes ago";
    }
    if (!Receipt.OK.equals(receipt.status()) && !Receipt.FUNCTION_ERROR.equals(receipt.status())) {
      return "status " + receipt.status();
    }
    if (!receipt.amountIsConsistent() || receipt.amount() > ticket.maxPrice()) {
      return "amount " + receipt.amount() + " is inconsistent or above maxPrice";
    }
    if (ticket.firedUnderGrant()) {
      if (!ticket.verify(brokerKey)) {
        return "ticket fired under a grant but not signed by this broker";
      }
    } else {
      Optional<PublicKey> consumer = consumerKey(ticket.consumerId());
      if (consumer.isEmpty() || !ticket.verify(consumer.get())) {
        return "ticket signature does not verify with the consumer's registered certificate";
      }
    }
    if (!providers.verifies(receipt).orElse(false)) {
      return "receipt signature does not verify with the provider's registered certificate";
    }
    return null;
  }

  private Optional<PublicKey> consumerKey(String consumerId) throws LedgerException {
    Optional<Participant> participant = ledger.participant(consumerId);
    if (participant.isEmpty() || !Role.CONSUMER.attributeValue().equals(participant.get().role())) {
      return Optional.empty();
    }
    try {
      X509Certificate certificate = Pem.certificate(participant.get().certificatePem());
      return trust.trusts(certificate) ? Optional.of(certificate.getPublicKey()) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
