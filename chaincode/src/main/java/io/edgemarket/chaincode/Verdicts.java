package io.edgemarket.chaincode;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records.Dispute;
import io.edgemarket.model.ledger.Records.DisputeVerdict;
import io.edgemarket.model.ledger.Records.ReceiptRecord;
import io.edgemarket.model.ledger.Records.Stake;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Resolving a dispute. The correct output digest comes either from a strict majority of at least
 * three runs on distinct providers, which the ledger counts itself (so anyone registered may ask),
 * or from an auditor that re-executed the deterministic function on the disclosed input. Every run
 * whose output differs was wrong: its provider's stake behind the offer it ran on goes to the
 * consumer, which covers (up to the stake) what the consumer paid for that run, and reputations
 * record who was right.
 */
final class Verdicts {
  static final int MIN_MAJORITY_RUNS = 3;
  private static final int MAX_DIGEST = 128;

  private Verdicts() {}

  static String resolve(Context ctx, String invocationId, String verdictJson) {
    Caller caller = Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    Dispute dispute = Disputes.find(stub, Args.id("invocationId", invocationId));
    if (dispute == null) {
      throw Errors.notFound("no dispute about " + invocationId);
    }
    if (!Dispute.OPEN.equals(dispute.status())) {
      throw Errors.badRequest("the dispute about " + invocationId + " is already resolved");
    }
    DisputeVerdict verdict =
        verdictJson == null || verdictJson.isBlank()
            ? new DisputeVerdict(null, null, null)
            : Args.json(verdictJson, DisputeVerdict.class, "verdict");
    List<Receipt> runs = new ArrayList<>(dispute.receipts());
    Evidence.check(stub, runs.get(0).ticket(), runs, verdict.receipts());
    runs.addAll(verdict.receipts());
    long now = State.now(stub);

    if (verdict.outcome() != null) {
      caller.require(Role.AUDITOR);
      if (!Dispute.UNRESOLVED.equals(verdict.outcome())) {
        throw Errors.badRequest("an auditor's outcome may only be " + Dispute.UNRESOLVED);
      }
      return store(stub, resolved(dispute, runs, Dispute.UNRESOLVED, null, caller, now));
    }
    String correct = verdict.correctOutputDigest();
    if (correct != null) {
      caller.require(Role.AUDITOR); // the market's verifier, which re-ran the function
      if (correct.isBlank() || correct.length() > MAX_DIGEST) {
        throw Errors.badRequest("correctOutputDigest must be a salted output digest");
      }
    } else {
      correct = majority(runs);
    }
    if (correct == null) {
      // No verdict yet: keep the runs added so far; the dispute stays open.
      return store(stub, withRuns(dispute, runs));
    }
    return store(stub, apply(stub, dispute, runs, correct, caller, now));
  }

  /** The output digest a strict majority of at least three distinct providers' runs share. */
  static String majority(List<Receipt> runs) {
    Set<String> providers = new HashSet<>();
    Map<String, Integer> counts = new TreeMap<>();
    for (Receipt run : runs) {
      providers.add(run.providerId());
      counts.merge(String.valueOf(run.outputDigest()), 1, Integer::sum);
    }
    if (providers.size() < MIN_MAJORITY_RUNS || providers.size() != runs.size()) {
      return null;
    }
    for (Map.Entry<String, Integer> count : counts.entrySet()) {
      if (2 * count.getValue() > runs.size()) {
        return count.getKey();
      }
    }
    return null;
  }

  private static Dispute apply(
      ChaincodeStub stub,
      Dispute dispute,
      List<Receipt> runs,
      String correct,
      Caller resolver,
      long now) {
    Journal journal = new Journal();
    Map<String, Holding> debited = new TreeMap<>();
    List<String> slashed = new ArrayList<>();
    long refunded = 0;
    long slashedTotal = 0;
    for (Receipt run : runs) {
      String provider = run.providerId();
      if (correct.equals(run.outputDigest())) {
        Reputations.record(stub, provider, true, 0, now);
        continue;
      }
      Stake stake = Stakes.find(stub, provider, run.offerId());
      Holding holding = debited.computeIfAbsent(provider, p -> Holding.read(stub, p));
      // The stake is in the provider's balance by construction; the cap only guards the books.
      long take = Math.min(Stakes.held(stake), Math.max(0, holding.balance()));
      if (take > 0) {
        journal.post(provider, dispute.consumerId(), take);
        State.write(
            stub,
            Stakes.key(stub, provider, run.offerId()),
            new Stake(provider, run.offerId(), stake.amount() - take, Stake.SLASHED, null));
      }
      ReceiptRecord paid = ReceiptIndex.find(stub, run.assignment().runId());
      if (paid != null) {
        refunded = Math.addExact(refunded, Math.min(paid.receipt().amount(), take));
      }
      slashedTotal = Math.addExact(slashedTotal, take);
      slashed.add(provider);
      Reputations.record(stub, provider, false, take, now);
    }
    journal.commit(stub, Journal.SLASH, dispute.invocationId(), debited, resolver.id());
    String outcome = slashed.isEmpty() ? Dispute.AGREED : Dispute.PROVIDER_SLASHED;
    Dispute done = resolved(dispute, runs, outcome, correct, resolver, now);
    return new Dispute(
        done.invocationId(),
        done.functionId(),
        done.consumerId(),
        done.trustLevel(),
        done.status(),
        done.receipts(),
        done.input(),
        done.openedBy(),
        done.openedAt(),
        done.reason(),
        done.outcome(),
        done.correctOutputDigest(),
        slashed,
        refunded,
        slashedTotal,
        done.resolvedBy(),
        done.resolvedAt());
  }

  private static Dispute resolved(
      Dispute d, List<Receipt> runs, String outcome, String correct, Caller by, long now) {
    return new Dispute(
        d.invocationId(),
        d.functionId(),
        d.consumerId(),
        d.trustLevel(),
        Dispute.RESOLVED,
        runs,
        d.input(),
        d.openedBy(),
        d.openedAt(),
        d.reason(),
        outcome,
        correct,
        List.of(),
        0,
        0,
        by.id(),
        now);
  }

  private static Dispute withRuns(Dispute d, List<Receipt> runs) {
    return new Dispute(
        d.invocationId(),
        d.functionId(),
        d.consumerId(),
        d.trustLevel(),
        d.status(),
        runs,
        d.input(),
        d.openedBy(),
        d.openedAt(),
        d.reason(),
        d.outcome(),
        d.correctOutputDigest(),
        d.slashed(),
        d.refunded(),
        d.slashedTotal(),
        d.resolvedBy(),
        d.resolvedAt());
  }

  private static String store(ChaincodeStub stub, Dispute dispute) {
    State.write(stub, Disputes.key(stub, dispute.invocationId()), dispute);
    return Json.write(dispute);
  }
}
