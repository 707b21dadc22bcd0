package io.edgemarket.broker.invoke;

import io.edgemarket.broker.settle.BatchOutcome;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.link.KeptOutput;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Where invocations end, and what each end does to the registry (the result a lookup shows), to
 * escrow (every hold is released here, and only here) and to the counts by outcome: served (the
 * hold becomes the receipt's amount), failed, withdrawn before anything ran, settled or rejected by
 * the ledger. Each answer and failure is also written to the {@link InvocationRecords} before the
 * consumer hears of it. Rebuilds registry and holds at startup from the settlement queue and those
 * records, so lookups, retries and holds survive a restart.
 */
final class InvocationEnds {
  private final InvocationRegistry registry;
  private final EscrowBook escrow;
  private final InvocationRecords records;
  private final OutputRetention outputs;
  private final LongSupplier clock;
  private final LongAdder ok = new LongAdder();
  private final LongAdder functionErrors = new LongAdder();
  private final LongAdder failed = new LongAdder();
  // Answers given before a restart whose receipts the queue did not have (see answeredWith).
  private final Map<String, InvocationRecords.Recorded> unqueued =
      new java.util.concurrent.ConcurrentHashMap<>();

  InvocationEnds(
      InvocationRegistry registry,
      EscrowBook escrow,
      InvocationRecords records,
      OutputRetention outputs,
      LongSupplier clock) {
    this.registry = registry;
    this.escrow = escrow;
    this.records = records;
    this.outputs = outputs;
    this.clock = clock;
  }

  /**
   * Good receipts: the lookup shows the result and each run's hold becomes its receipt's amount
   * (holds of runs not paid end). Both are in place before the receipts are queued, since the
   * settler may settle them (and update both) the moment they are on disk. The record is written
   * first: one whose receipt never reached the queue is ignored at restore.
   */
  void accepted(Attempts.Job job, InvocationResult result, List<Receipt> paid) {
    long now = clock.getAsLong();
    records.write(record(job, null, now, result));
    job.entry().set(result);
    outputs.kept(job.entry(), now, FunctionLogs.retainedBytes(result));
    List<String> unpaid = new ArrayList<>(job.held());
    for (Receipt receipt : paid) {
      String run = receipt.assignment().runId();
      escrow.charge(job.consumerId(), run, receipt.amount());
      unpaid.remove(run);
    }
    if (!unpaid.isEmpty()) {
      release(job.consumerId(), unpaid, false);
    }
  }

  /**
   * A receipt an agent kept, collected again after the broker lost it or never heard its answer
   * (see {@link Recollection}): its invocation shows the output the agent kept with it (checked
   * against the receipt's digest), else the one this broker's record kept, else says the output is
   * gone; and it holds its amount until settled, as a receipt restored from the queue does. An
   * output is recorded before the receipt is queued, as {@link #accepted} does.
   */
  void recollected(Receipt receipt, KeptOutput kept) {
    String consumer = receipt.ticket().consumerId();
    InvocationRecords.Recorded answered = unqueued.get(receipt.assignment().runId());
    long now = clock.getAsLong();
    InvocationResult result;
    long at = now;
    if (kept != null) {
      result = Outcomes.served(receipt, kept.output(), kept.error());
      records.write(
          new InvocationRecords.Recorded(
              consumer, receipt.ticket().signature(), null, now, result));
    } else if (answered != null && outputs.fresh(answered.at())) {
      result = answered.result();
      at = answered.at();
    } else {
      result = Outcomes.fromReceipt(receipt);
    }
    InvocationRegistry.Entry entry =
        registry.restore(receipt.invocationId(), consumer, receipt.ticket().signature(), result);
    if (result.output() != null) {
      outputs.kept(entry, at, FunctionLogs.retainedBytes(result));
    }
    escrow.charge(consumer, receipt.assignment().runId(), receipt.amount());
    if (receipt.assignment().replica() == Assignment.PRIMARY) {
      served(receipt.status());
    }
  }

  /**
   * The receipt an invocation was answered with before a restart, when its record survived but the
   * queue lost the receipt: the only one of that run that may be collected again.
   */
  Receipt answeredWith(String runId) {
    InvocationRecords.Recorded answered = unqueued.get(runId);
    return answered == null ? null : answered.result().receipt();
  }

  /** The accepted receipt is queued: it counts as served. */
  void served(String receiptStatus) {
    (Receipt.OK.equals(receiptStatus) ? ok : functionErrors).increment();
  }

  /**
   * Nothing will be paid: the hold goes and the lookup shows FAILED with the reason; a retry of the
   * same ticket hears {@code why} again.
   */
  void failed(Attempts.Job job, String error, Refusal why) {
    release(job.consumerId(), List.copyOf(job.held()), false);
    InvocationResult result = Outcomes.failed(job.invocationId(), error);
    records.write(record(job, why, clock.getAsLong(), result));
    job.entry().failed(result, why);
    failed.increment();
  }

  private static InvocationRecords.Recorded record(
      Attempts.Job job, Refusal why, long at, InvocationResult result) {
    return new InvocationRecords.Recorded(
        job.consumerId(), job.ticket().signature(), why == null ? null : why.name(), at, result);
  }

  /**
   * Refused after its id was claimed but before anything ran: the hold (if any) goes and the id is
   * forgotten, so the same ticket may be sent again.
   */
  void withdrawn(String consumerId, String invocationId) {
    release(consumerId, List.of(invocationId), false);
    registry.forget(invocationId);
  }

  InvocationService.Counts counts() {
    long o = ok.sum();
    long e = functionErrors.sum();
    long f = failed.sum();
    return new InvocationService.Counts(o + e + f, o, e, f);
  }

  /**
   * Queued receipts hold escrow again and show their invocations as the receipt tells; the records
   * then give back what was answered (output, verification, while kept) and what failed; outcomes
   * on disk mark receipts settled or rejected. A record whose receipt is not in the queue was never
   * answered (the broker died between the two) and is ignored, so a retry runs it.
   */
  void restore(
      List<Receipt> receipts,
      List<BatchOutcome> outcomes,
      Collection<InvocationRecords.Recorded> recorded) {
    Set<String> queued = new HashSet<>();
    for (Receipt receipt : receipts) {
      String consumer = receipt.ticket().consumerId();
      boolean primary = receipt.assignment().replica() == Assignment.PRIMARY;
      queued.add(receipt.assignment().runId());
      if (primary || registry.get(receipt.invocationId()) == null) {
        registry.restore(
            receipt.invocationId(),
            consumer,
            receipt.ticket().signature(),
            Outcomes.fromReceipt(receipt));
      }
      escrow.charge(consumer, receipt.assignment().runId(), receipt.amount());
      if (primary) {
        served(receipt.status());
      }
    }
    List<InvocationRecords.Recorded> byTime = new ArrayList<>(recorded);
    byTime.sort(Comparator.comparingLong(InvocationRecords.Recorded::at));
    for (InvocationRecords.Recorded r : byTime) {
      InvocationResult result = r.result();
      if (result.status() == InvocationResult.Status.FAILED) {
        if (registry.get(r.invocationId()) == null) {
          registry
              .restore(r.invocationId(), r.consumerId(), r.ticketSignature(), result)
              .failed(result, r.refusal() == null ? null : Refusal.valueOf(r.refusal()));
        }
      } else if (result.receipt() != null
          && queued.contains(result.receipt().assignment().runId())) {
        boolean kept = outputs.fresh(r.at());
        InvocationRegistry.Entry entry =
            registry.restore(
                r.invocationId(),
                r.consumerId(),
                r.ticketSignature(),
                kept ? result : result.withoutOutput());
        if (kept) {
          outputs.kept(entry, r.at(), FunctionLogs.retainedBytes(result));
        }
      } else if (result.receipt() != null) {
        unqueued.put(result.receipt().assignment().runId(), r);
      }
    }
    // At startup no balance is cached yet, so holds are simply dropped.
    outcomes.forEach(outcome -> apply(outcome, false));
  }

  /** A committed batch: statuses, then holds (with fresh balances when {@code refresh}). */
  void apply(BatchOutcome outcome, boolean refresh) {
    Map<String, List<String>> byConsumer = new HashMap<>();
    for (BatchOutcome.Settled s : outcome.settled()) {
      update(s.invocationId(), r -> Outcomes.settled(r, s.batchId()));
      byConsumer.computeIfAbsent(s.consumerId(), c -> new ArrayList<>()).add(s.invocationId());
    }
    for (BatchOutcome.Rejected r : outcome.rejected()) {
      update(r.invocationId(), current -> Outcomes.rejected(current, r.code(), outcome.batchId()));
      byConsumer.computeIfAbsent(r.consumerId(), c -> new ArrayList<>()).add(r.invocationId());
    }
    byConsumer.forEach((consumer, ids) -> release(consumer, ids, refresh));
  }

  private void release(String consumerId, List<String> invocationIds, boolean refreshBalance) {
    escrow.release(consumerId, invocationIds, refreshBalance);
  }

  /**
   * Applies a settlement to the result whose answer is that run's receipt; the other runs of a
   * checked invocation are paid (or not) without changing what the lookup shows.
   */
  private void update(String runId, UnaryOperator<InvocationResult> change) {
    int hash = runId.indexOf('#');
    InvocationRegistry.Entry entry = registry.get(hash < 0 ? runId : runId.substring(0, hash));
    if (entry == null) {
      return;
    }
    entry.update(
        current ->
            current.receipt() != null && runId.equals(current.receipt().assignment().runId())
                ? change.apply(current)
                : current);
  }
}
