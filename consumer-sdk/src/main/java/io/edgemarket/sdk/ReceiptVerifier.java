package io.edgemarket.sdk;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.StatementCover;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.Discrepancy.Kind;
import io.edgemarket.sdk.ReceiptVerification.Step;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reads one settled receipt from the ledger and verifies it step by step with the auditor's own
 * checks ({@link ReceiptAudit}), so that one receipt is judged exactly as a full audit judges it. A
 * consumer or provider may read its own receipts but not their batches: it then checks the broker's
 * assignment rather than the batch signature, and the ledger's Merkle path against the root the
 * ledger recorded rather than against the batch's stored leaves.
 */
final class ReceiptVerifier {
  /** One check, reporting what it finds. */
  private interface Check {
    void run(Consumer<Discrepancy> found) throws LedgerException;
  }

  /** The batch as this identity may see it: the record, or null (forbidden or a problem). */
  private record BatchView(Records.BatchRecord batch, Discrepancy problem) {}

  private final LedgerGateway ledger;
  private final List<X509Certificate> trustRoots;

  ReceiptVerifier(LedgerGateway ledger, List<X509Certificate> trustRoots) {
    this.ledger = ledger;
    this.trustRoots = List.copyOf(trustRoots);
  }

  /** The ledger's record of the receipt settled under {@code invocationId}. */
  <E extends EdgeMarketException> Records.ProvenReceipt record(
      String invocationId, Tracker.Raise<E> raise) throws E {
    String json;
    try {
      json = ledger.evaluate(Transactions.GET_RECEIPT, invocationId);
    } catch (LedgerException e) {
      Failure failure = Failure.of(e.code()).id(invocationId).transactionId(e.transactionId());
      if (ErrorCodes.NOT_FOUND.equals(e.code())) {
        throw raise.make(
            failure,
            "no settled receipt "
                + invocationId
                + " on the ledger: no such invocation, or its receipt is not settled yet",
            e);
      }
      throw raise.make(failure, "receipt " + invocationId + ": " + e.getMessage(), e);
    }
    try {
      return Records.read(json, Records.ProvenReceipt.class);
    } catch (IllegalArgumentException e) {
      throw raise.make(
          Failure.of(ErrorCodes.INTERNAL).id(invocationId),
          "unreadable receipt record " + invocationId + ": " + e.getMessage(),
          e);
    }
  }

  /** Reads the receipt and runs every step; failed steps are results, never exceptions. */
  <E extends EdgeMarketException> ReceiptVerification verify(
      String invocationId, Tracker.Raise<E> raise) throws E {
    Records.ProvenReceipt record = record(invocationId, raise);
    try {
      return new ReceiptVerification(invocationId, record, steps(invocationId, record));
    } catch (LedgerException e) {
      throw raise.make(
          Failure.of(e.code()).id(invocationId).transactionId(e.transactionId()),
          "verifying receipt " + invocationId + ": " + e.getMessage(),
          e);
    } catch (IllegalArgumentException e) {
      throw raise.make(
          Failure.of(ErrorCodes.INTERNAL).id(invocationId),
          "verifying receipt " + invocationId + ", unreadable record: " + e.getMessage(),
          e);
    }
  }

  private List<Step> steps(String id, Records.ProvenReceipt record) throws LedgerException {
    if (!ReceiptAudit.signed(record)) {
      return List.of(
          new Step(
              ReceiptVerification.RECORD,
              false,
              "the ledger's record of " + id + " holds no signed receipt"));
    }
    Receipt receipt = record.receipt();
    FeeSchedule fees = FeeSchedule.read(ledger);
    ReceiptAudit audit =
        new ReceiptAudit(
            new RegisteredCertificates(ledger, trustRoots), fees, new GrantBook(ledger));
    BatchView view = batch(record);
    Records.BatchRecord batch = view.batch();
    StatementCover cover = audit.coverOf(batch);
    List<Step> steps = new ArrayList<>();
    steps.add(
        step(
            ReceiptVerification.PROVIDER_SIGNATURE,
            found -> audit.checkProviderSignature(id, receipt, cover, found),
            "signed by " + receipt.providerId() + registered()));
    steps.add(
        step(
            ReceiptVerification.TICKET_SIGNATURE,
            found -> audit.checkTicketSignature(id, receipt, cover, found),
            receipt.ticket().firedUnderGrant()
                ? "ticket signed by its broker "
                    + receipt.ticket().brokerId()
                    + " under grant "
                    + receipt.ticket().grantId()
                    + " signed by "
                    + receipt.ticket().consumerId()
                    + registered()
                : "ticket signed by " + receipt.ticket().consumerId() + registered()));
    if (batch != null && batch.brokerSignature() != null) {
      steps.add(
          step(
              ReceiptVerification.BROKER_SIGNATURE,
              found -> audit.checkBatchSignature(batch, found),
              "batch " + batch.batchId() + " signed by its broker " + batch.brokerId()));
    } else {
      String brokerId = batch != null ? batch.brokerId() : receipt.assignment().brokerId();
      steps.add(
          step(
              ReceiptVerification.BROKER_SIGNATURE,
              found -> audit.checkAssignment(id, receipt, brokerId, found),
              "assignment to "
                  + receipt.assignment().providerId()
                  + " signed by "
                  + (batch != null ? "the batch's broker " : "the broker ")
                  + brokerId));
    }
    steps.add(
        step(
            ReceiptVerification.AMOUNT,
            found -> audit.checkMoney(id, record, found),
            amountDetail(record, fees.at(record.settledAt()))));
    steps.add(
        step(
            ReceiptVerification.MERKLE_INCLUSION,
            found -> {
              if (batch == null) {
                if (view.problem() != null) {
                  found.accept(view.problem());
                }
                audit.checkProof(id, record, found);
              } else {
                audit.checkPlace(id, record, batch, BatchAudit.treeOf(batch, found), found);
              }
            },
            merkleDetail(record, batch)));
    return steps;
  }

  /**
   * The receipt's batch, when this identity may read batches (auditors, admins and brokers may; a
   * party to the receipt may not, and gets null with no problem).
   */
  private BatchView batch(Records.ProvenReceipt record) throws LedgerException {
    String batchId = record.batchId();
    try {
      Records.BatchRecord batch =
          Records.read(ledger.evaluate(Transactions.GET_BATCH, batchId), Records.BatchRecord.class);
      if (batch.leaves() == null || batch.settled() == null || batch.merkleRoot() == null) {
        throw new IllegalArgumentException("leaves, settled or merkleRoot missing");
      }
      return new BatchView(batch, null);
    } catch (LedgerException e) {
      if (ErrorCodes.FORBIDDEN.equals(e.code())) {
        return new BatchView(null, null);
      }
      if (ErrorCodes.NOT_FOUND.equals(e.code())) {
        return new BatchView(
            null,
            ReceiptAudit.d(Kind.WRONG_BATCH, batchId, "the ledger holds no batch " + batchId));
      }
      throw e;
    } catch (IllegalArgumentException e) {
      return new BatchView(
          null, ReceiptAudit.d(Kind.MALFORMED_RECORD, batchId, "batch: " + e.getMessage()));
    }
  }

  private static Step step(String name, Check check, String passed) throws LedgerException {
    List<Discrepancy> found = new ArrayList<>();
    check.run(found::add);
    if (found.isEmpty()) {
      return new Step(name, true, passed);
    }
    return new Step(
        name,
        false,
        found.stream().map(d -> d.kind() + ": " + d.message()).collect(Collectors.joining("; ")));
  }

  private String registered() {
    return trustRoots.isEmpty()
        ? ", whose certificate is registered on the ledger (taken on trust: no market CA given)"
        : ", whose certificate is registered on the ledger and issued by the market CA";
  }

  private static String amountDetail(Records.ProvenReceipt record, OptionalInt bps) {
    Receipt r = record.receipt();
    return r.amount()
        + " is what "
        + r.usage().fuel()
        + " fuel costs at "
        + r.pricePerInvocation()
        + " per invocation and "
        + r.pricePerMegaFuel()
        + " per million fuel, within the ticket's "
        + r.ticket().maxPrice()
        + "; provider "
        + record.providerShare()
        + ", broker fee "
        + record.brokerFee()
        + (bps.isPresent()
            ? " (" + bps.getAsInt() + " bps)"
            : " (the rate in force then is not known here)");
  }

  private static String merkleDetail(Records.ProvenReceipt record, Records.BatchRecord batch) {
    int steps = record.proof() == null ? 0 : record.proof().steps().size();
    String root = batch != null ? batch.merkleRoot() : record.merkleRoot();
    return "leaf "
        + record.leafIndex()
        + " of batch "
        + record.batchId()
        + ": its Merkle path ("
        + steps
        + (steps == 1 ? " step" : " steps")
        + ") reaches the root "
        + root
        + " the ledger recorded"
        + (batch != null ? ", which the batch's " + batch.leaves().size() + " leaves give" : "");
  }
}
