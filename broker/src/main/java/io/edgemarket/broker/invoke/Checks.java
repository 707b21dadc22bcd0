package io.edgemarket.broker.invoke;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.Verification;
import java.util.List;
import java.util.Locale;

/**
 * What happens between a good primary run and the consumer's answer: nothing more for a {@code
 * receipt} function or an invocation its sample left out (the receipt alone, as fast as ever); for
 * a sampled one, the trust level's check ({@link Redundancy}, {@link Reexecutions}). The outcome is
 * the answer (with its {@link Verification}) and the receipts to queue for settlement: every run
 * that agreed with the answer, never a run found wrong.
 */
final class Checks {
  /** The answer to give, and the receipts the consumer pays. */
  record Checked(InvocationResult result, List<Receipt> toSettle) {}

  private final Redundancy redundancy;
  private final Reexecutions reexecutions;

  Checks(Redundancy redundancy, Reexecutions reexecutions) {
    this.redundancy = redundancy;
    this.reexecutions = reexecutions;
  }

  Checked check(Attempts.Job job, Runs.Run primary) {
    FunctionSpec function = job.function();
    if (!function.checks(job.ticket())) {
      return single(function, primary, Verification.NOT_SAMPLED);
    }
    if (function.trustLevel() == TrustLevel.REDUNDANT) {
      return redundant(function, job.ticket())
          ? redundancy.check(job, primary)
          : single(function, primary, Verification.NOT_SAMPLED);
    }
    return reexecutions.check(job, primary);
  }

  /**
   * Whether a ticket gets redundant runs. Never one fired under a grant: which tickets are sampled
   * follows the ticket's signature, there this broker's, and the ledger pays such a firing's
   * primary run only, so the consumer is never charged for runs its broker chose to add.
   */
  static boolean redundant(FunctionSpec function, InvocationTicket ticket) {
    return function.trustLevel() == TrustLevel.REDUNDANT
        && function.checks(ticket)
        && !ticket.firedUnderGrant();
  }

  /** The primary's answer, paid as it is, checked by its receipt alone (or agreed with). */
  static Checked single(FunctionSpec function, Runs.Run run, String outcome) {
    return new Checked(
        answer(run, verification(function, List.of(run.providerId()), outcome)),
        List.of(run.receipt()));
  }

  /** The run's answer, with the function's logs (which {@link FunctionLogs} keeps for owners). */
  static InvocationResult answer(Runs.Run run, Verification verification) {
    return Outcomes.served(run.receipt(), run.output(), run.response().error())
        .verified(verification)
        .withLogs(FunctionLogs.bounded(run.response().logs()));
  }

  static Verification verification(FunctionSpec function, List<String> who, String outcome) {
    return new Verification(level(function), who, outcome);
  }

  static String level(FunctionSpec function) {
    return function.trustLevel().name().toLowerCase(Locale.ROOT);
  }
}
