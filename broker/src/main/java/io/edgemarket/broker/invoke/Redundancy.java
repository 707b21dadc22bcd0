package io.edgemarket.broker.invoke;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.broker.market.LiveOffer;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.Verification;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records.Dispute;
import io.edgemarket.model.ledger.Records.DisputeEvidence;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code redundant} check of a sampled invocation: a second run (replica 1) on a provider with
 * another participant id, drawn among the matched offers ({@link Checkers}), its salted output
 * digest compared with the primary's (the same ticket salt, so equal outputs give equal digests).
 * Agreement answers with the primary and pays both runs: the consumer pays for the redundant run,
 * as the function's owner chose the level. A mismatch brings further runs, one at a time on
 * providers not yet asked, until a strict majority of at least three runs agrees or {@link
 * Assignment#MAX_REPLICAS} have run: two liars that disagree with each other and with one honest
 * run leave three outputs and no majority, and only a fourth and fifth run can outvote them. It
 * opens a dispute on the ledger with every receipt and the disclosed input and, with a strict
 * majority (the rule the ledger applies itself), asks the ledger to resolve it; the answer is the
 * majority's output, and only the majority's runs are paid. Escrow is held for each extra run
 * before it is dispatched; a consumer who cannot cover one, or a market with no other provider,
 * gets the primary's answer checked by its receipt alone.
 */
final class Redundancy {
  private static final Logger LOG = LoggerFactory.getLogger(Redundancy.class);

  private final Runs runs;
  private final EscrowBook escrow;
  private final MarketLedger ledger;
  private final Checkers checkers = new Checkers();

  Redundancy(Runs runs, EscrowBook escrow, MarketLedger ledger) {
    this.runs = runs;
    this.escrow = escrow;
    this.ledger = ledger;
  }

  Checks.Checked check(Attempts.Job job, Runs.Run primary) {
    List<Runs.Run> done = new ArrayList<>(List.of(primary));
    Runs.Run second = another(job, done, 1);
    if (second == null) {
      return Checks.single(job.function(), primary, Verification.NOT_SAMPLED);
    }
    done.add(second);
    if (digest(primary).equals(digest(second))) {
      return new Checks.Checked(
          Checks.answer(primary, verification(job, done, Verification.AGREED)),
          List.of(primary.receipt(), second.receipt()));
    }
    LOG.warn(
        "invocation {}: {} and {} disagree on the output",
        job.invocationId(),
        primary.providerId(),
        second.providerId());
    String majority = outvote(job, done);
    Dispute resolved = dispute(job, done, majority);
    List<String> slashed = resolved == null ? List.of() : resolved.slashed();
    for (Runs.Run run : done) {
      if (slashed.contains(run.providerId())) {
        run.live().stats().disputesLost(run.live().stats().disputesLost() + 1);
      }
    }
    String outcome = slashed.isEmpty() ? Verification.DISPUTED : Verification.PROVIDER_SLASHED;
    if (majority == null) {
      // No majority: every receipt goes to the ledger, which settles them as the dispute says.
      return new Checks.Checked(
          Checks.answer(primary, verification(job, done, outcome)),
          done.stream().map(Runs.Run::receipt).toList());
    }
    List<Runs.Run> right = done.stream().filter(r -> digest(r).equals(majority)).toList();
    return new Checks.Checked(
        Checks.answer(right.get(0), verification(job, done, outcome)),
        right.stream().map(Runs.Run::receipt).toList());
  }

  /** Adds runs until a strict majority agrees or no more may run; returns its digest or null. */
  private String outvote(Attempts.Job job, List<Runs.Run> done) {
    while (done.size() < Assignment.MAX_REPLICAS) {
      Runs.Run more = another(job, done, done.size());
      if (more == null) {
        return null;
      }
      done.add(more);
      String majority = majority(done);
      if (majority != null) {
        return majority;
      }
    }
    return null;
  }

  /**
   * Run {@code replica} on a provider none of {@code done} came from, or null when none answers
   * well (or the consumer's escrow cannot cover one more run).
   */
  private Runs.Run another(Attempts.Job job, List<Runs.Run> done, int replica) {
    String runId = job.invocationId() + "#" + replica;
    try {
      escrow.hold(
          job.consumerId(), runId, WorstCase.hold(job.ticket(), job.function(), job.candidates()));
    } catch (InvocationRefusedException e) {
      LOG.info(
          "invocation {}: no redundant run {}: {}", job.invocationId(), replica, e.getMessage());
      return null;
    }
    job.held().add(runId);
    List<LiveOffer> open =
        checkers.order(
            job.invocationId(),
            replica,
            job.candidates(),
            live -> done.stream().noneMatch(r -> r.providerId().equals(live.offer().providerId())));
    for (LiveOffer live : open) {
      if (runs.run(job, live, replica) instanceof Runs.Outcome.Good good) {
        return good.run();
      }
    }
    escrow.release(job.consumerId(), List.of(runId), false);
    job.held().remove(runId);
    return null;
  }

  /** Opens the dispute; with a strict majority, has the ledger resolve it. */
  private Dispute dispute(Attempts.Job job, List<Runs.Run> done, String majority) {
    DisputeEvidence evidence =
        new DisputeEvidence(
            job.invocationId(),
            done.stream().map(Runs.Run::receipt).toList(),
            Base64.getEncoder().encodeToString(job.input()),
            "redundant runs disagree: "
                + String.join(", ", done.stream().map(Runs.Run::providerId).toList()));
    try {
      ledger.openDispute(evidence);
      if (majority != null) {
        return ledger.resolveDispute(job.invocationId(), List.of());
      }
    } catch (LedgerException e) {
      LOG.warn(
          "invocation {}: dispute on the ledger failed: {}", job.invocationId(), e.getMessage());
    }
    return null;
  }

  /**
   * The output digest more than half of at least three runs share, or null: the ledger's own rule
   * ({@code Verdicts.majority}), so a verdict the broker asks for is one the ledger reaches.
   */
  static String majority(List<Runs.Run> done) {
    if (done.size() < 3) {
      return null;
    }
    Map<String, Integer> votes = new HashMap<>();
    for (Runs.Run run : done) {
      if (2 * votes.merge(digest(run), 1, Integer::sum) > done.size()) {
        return digest(run);
      }
    }
    return null;
  }

  private static String digest(Runs.Run run) {
    Receipt receipt = run.receipt();
    return receipt.outputDigest();
  }

  private static Verification verification(Attempts.Job job, List<Runs.Run> done, String outcome) {
    return Checks.verification(
        job.function(), done.stream().map(Runs.Run::providerId).toList(), outcome);
  }
}
