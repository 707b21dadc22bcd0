package io.edgemarket.sdk;

import io.edgemarket.model.Offer;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Records.Dispute;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.Discrepancy.Kind;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Checks disputes and the money they moved: each dispute's recorded runs verify against the
 * registered certificates, as one ticket whose disclosed input is the one the consumer signed; a
 * resolved dispute's verdict follows from its record (a majority verdict is recounted here, a
 * re-execution verdict must be an auditor's); and every {@code slash} journal entry is justified by
 * a resolved dispute: resolved by who submitted it, from providers found wrong, to the consumer,
 * each at most the stake behind the wrong run's offer, summing to what the dispute says.
 */
final class DisputeAudit {
  /** The journal kind of slashes; their reference is the disputed invocation id. */
  static final String SLASH = "slash";

  private final LedgerGateway ledger;
  private final Pager pager;
  private final RegisteredCertificates participants;
  private final Consumer<Discrepancy> found;
  private final Map<String, Dispute> disputes = new TreeMap<>();

  DisputeAudit(
      LedgerGateway ledger,
      int pageSize,
      RegisteredCertificates participants,
      Consumer<Discrepancy> found) {
    this.ledger = ledger;
    this.pager = new Pager(ledger, pageSize);
    this.participants = participants;
    this.found = found;
  }

  /** Reads and checks every dispute; returns how many. */
  int audit(List<Records.JournalEntry> slashes, Consumer<String> progress) throws LedgerException {
    pager.each(Transactions.LIST_DISPUTES, Dispute.class, d -> disputes.put(d.invocationId(), d));
    int open = 0;
    for (Dispute dispute : disputes.values()) {
      evidence(dispute);
      if (Dispute.RESOLVED.equals(dispute.status())) {
        verdict(dispute);
      } else {
        open++;
      }
    }
    Set<String> slashedFor = new HashSet<>();
    for (Records.JournalEntry entry : slashes) {
      slash(entry);
      if (!slashedFor.add(String.valueOf(entry.reference()))) {
        problem(Kind.UNJUSTIFIED_SLASH, entry.txId(), "a second slash for " + entry.reference());
      }
    }
    for (Dispute dispute : disputes.values()) {
      if (dispute.slashedTotal() > 0 && !slashedFor.contains(dispute.invocationId())) {
        problem(
            Kind.DISPUTE_VERDICT,
            dispute.invocationId(),
            "says " + dispute.slashedTotal() + " was slashed; no journal entry moved it");
      }
    }
    progress.accept(
        "disputes: " + disputes.size() + " (" + open + " open), slashes: " + slashes.size());
    return disputes.size();
  }

  private void evidence(Dispute dispute) throws LedgerException {
    String id = dispute.invocationId();
    List<Receipt> runs = dispute.receipts();
    if (runs.isEmpty()) {
      problem(Kind.DISPUTE_EVIDENCE, id, "no runs recorded");
      return;
    }
    var ticket = runs.get(0).ticket();
    if (!id.equals(ticket.invocationId()) || !ticket.consumerId().equals(dispute.consumerId())) {
      problem(Kind.DISPUTE_EVIDENCE, id, "the runs are of another ticket or consumer");
    }
    if (!signedBy(ticket.consumerId(), Role.CONSUMER, ticket::verify)) {
      problem(Kind.DISPUTE_EVIDENCE, id, "ticket not signed by " + ticket.consumerId());
    }
    try {
      if (!ticket.matchesInput(Base64.getDecoder().decode(String.valueOf(dispute.input())))) {
        problem(Kind.DISPUTE_EVIDENCE, id, "the disclosed input is not the ticket's");
      }
    } catch (IllegalArgumentException e) {
      problem(Kind.DISPUTE_EVIDENCE, id, "the disclosed input is not base64");
    }
    Set<String> providers = new HashSet<>();
    for (Receipt run : runs) {
      String runId = run.assignment().runId();
      if (!run.ticket().equals(ticket) || !run.assignment().isFor(ticket)) {
        problem(Kind.DISPUTE_EVIDENCE, runId, "run of another ticket");
      }
      if (!providers.add(run.providerId())) {
        problem(Kind.DISPUTE_EVIDENCE, runId, run.providerId() + " has two runs");
      }
      if (!signedBy(run.providerId(), Role.PROVIDER, run::verify)) {
        problem(Kind.DISPUTE_EVIDENCE, runId, "receipt not signed by " + run.providerId());
      }
      if (!ticket.brokerId().equals(run.assignment().brokerId())
          || !signedBy(ticket.brokerId(), Role.BROKER, run.assignment()::verify)) {
        problem(Kind.DISPUTE_EVIDENCE, runId, "assignment not signed by " + ticket.brokerId());
      }
    }
  }

  private void verdict(Dispute dispute) throws LedgerException {
    String id = dispute.invocationId();
    if (Dispute.UNRESOLVED.equals(dispute.outcome())) {
      if (!isAuditor(dispute.resolvedBy()) || dispute.slashedTotal() != 0) {
        problem(Kind.DISPUTE_VERDICT, id, "unresolved by a non-auditor, or with money moved");
      }
      return;
    }
    String correct = dispute.correctOutputDigest();
    String recounted = majority(dispute.receipts());
    if (correct == null || (!correct.equals(recounted) && !isAuditor(dispute.resolvedBy()))) {
      problem(
          Kind.DISPUTE_VERDICT,
          id,
          "verdict "
              + correct
              + " by "
              + dispute.resolvedBy()
              + "; the runs' majority is "
              + recounted);
      return;
    }
    Set<String> wrong = new TreeSet<>();
    for (Receipt run : dispute.receipts()) {
      if (!correct.equals(run.outputDigest())) {
        wrong.add(run.providerId());
      }
    }
    String expected = wrong.isEmpty() ? Dispute.AGREED : Dispute.PROVIDER_SLASHED;
    if (!wrong.equals(new TreeSet<>(dispute.slashed())) || !expected.equals(dispute.outcome())) {
      problem(
          Kind.DISPUTE_VERDICT,
          id,
          "slashed "
              + dispute.slashed()
              + " ("
              + dispute.outcome()
              + "); wrong runs were by "
              + wrong);
    }
  }

  private void slash(Records.JournalEntry entry) throws LedgerException {
    Dispute dispute = disputes.get(String.valueOf(entry.reference()));
    String tx = entry.txId();
    if (dispute == null
        || !Dispute.RESOLVED.equals(dispute.status())
        || !Dispute.PROVIDER_SLASHED.equals(dispute.outcome())) {
      problem(
          Kind.UNJUSTIFIED_SLASH, tx, "no dispute about " + entry.reference() + " slashed anyone");
      return;
    }
    if (!String.valueOf(dispute.resolvedBy()).equals(entry.by())) {
      problem(
          Kind.UNJUSTIFIED_SLASH, tx, "by " + entry.by() + ", resolved by " + dispute.resolvedBy());
    }
    long total = 0;
    for (Records.Posting p : entry.postings()) {
      total = Math.addExact(total, p.amount());
      Receipt run =
          dispute.receipts().stream()
              .filter(r -> r.providerId().equals(p.from()))
              .findFirst()
              .orElse(null);
      if (run == null || !dispute.slashed().contains(p.from())) {
        problem(Kind.UNJUSTIFIED_SLASH, tx, p.from() + " was not found wrong");
      } else if (!dispute.consumerId().equals(p.to())) {
        problem(Kind.UNJUSTIFIED_SLASH, tx, "paid to " + p.to() + ", not the consumer");
      } else if (p.amount() > stakeOf(run.offerId())) {
        problem(
            Kind.UNJUSTIFIED_SLASH,
            tx,
            p.amount() + " from " + p.from() + " exceeds the stake of offer " + run.offerId());
      }
    }
    if (total != dispute.slashedTotal()) {
      problem(
          Kind.UNJUSTIFIED_SLASH,
          tx,
          "moved " + total + ", dispute says " + dispute.slashedTotal());
    }
  }

  /** The recounted verdict: a strict majority of at least three runs on distinct providers. */
  static String majority(List<Receipt> runs) {
    Set<String> providers = new HashSet<>();
    Map<String, Integer> counts = new TreeMap<>();
    for (Receipt run : runs) {
      providers.add(run.providerId());
      counts.merge(String.valueOf(run.outputDigest()), 1, Integer::sum);
    }
    if (providers.size() < 3 || providers.size() != runs.size()) {
      return null;
    }
    return counts.entrySet().stream()
        .filter(e -> 2 * e.getValue() > runs.size())
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  private long stakeOf(String offerId) throws LedgerException {
    return Records.read(ledger.evaluate(Transactions.GET_OFFER, offerId), Offer.class).stake();
  }

  private boolean isAuditor(String id) throws LedgerException {
    return id != null
        && participants.lookup(id).problemAs(id, Role.AUDITOR.attributeValue()) == null;
  }

  private interface Check {
    boolean verify(java.security.PublicKey key);
  }

  private boolean signedBy(String id, Role role, Check check) throws LedgerException {
    RegisteredCertificates.Entry who = participants.lookup(id);
    return who.problemAs(id, role.attributeValue()) == null
        && check.verify(who.certificate().getPublicKey());
  }

  private void problem(Kind kind, String id, String message) {
    found.accept(ReceiptAudit.d(kind, id, message));
  }
}
