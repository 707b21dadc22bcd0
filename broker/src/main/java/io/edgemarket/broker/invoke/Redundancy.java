package io.edgemarket.broker.invoke;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.broker.market.LiveOffer;
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
 * another participant id, its salted output digest compared with the primary's (the same ticket
 * salt, so equal outputs give equal digests). Agreement answers with the primary and pays both
 * runs: the consumer pays for the redundant run, as the function's owner chose the level. A
 * mismatch brings a third run (replica 2) when another provider is there, opens a dispute on the
 * ledger with every receipt and the disclosed input, and with three runs and a majority asks the
 * ledger to resolve it; the answer is the majority's output, and only the majority's runs are paid.
 * Escrow is held for each extra run before it is dispatched; a consumer who cannot cover one, or a
 * market with no other provider, gets the primary's answer checked by its receipt alone.
 */
final class Redundancy {
  private static final Logger LOG = LoggerFactory.getLogger(Redundancy.class);

  private final Runs runs;
  private final EscrowBook escrow;
  private final MarketLedger ledger;

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
    Runs.Run third = another(job, done, 2);
    if (third != null) {
      done.add(third);
    }
    String majority = majority(done);
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
    for (LiveOffer live : job.candidates()) {
      String provider = live.offer().providerId();
      if (done.stream().anyMatch(r -> r.providerId().equals(provider))) {
        continue;
      }
      if (runs.run(job, live, replica) instanceof Runs.Outcome.Good good) {
        return good.run();
      }
    }
    escrow.release(job.consumerId(), List.of(runId), false);
    job.held().remove(runId);
    return null;
  }

  /** Opens the dispute; with three runs and a majority, has the ledger resolve it. */
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
      if (done.size() >= 3 && majority != null) {
        return ledger.resolveDispute(job.invocationId(), List.of());
      }
    } catch (LedgerException e) {
      LOG.warn(
          "invocation {}: dispute on the ledger failed: {}", job.invocationId(), e.getMessage());
    }
    return null;
  }

  /** The output digest at least two runs share, or null. */
  private static String majority(List<Runs.Run> done) {
    Map<String, Integer> votes = new HashMap<>();
    for (Runs.Run run : done) {
      if (votes.merge(digest(run), 1, Integer::sum) >= 2) {
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
