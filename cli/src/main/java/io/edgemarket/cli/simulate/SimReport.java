package io.edgemarket.cli.simulate;

import java.util.Map;

/** What one simulation found; printed as a table or, with {@code --json}, as this record. */
public record SimReport(
    Setup setup,
    Invocations invocations,
    Latency latency,
    Placement placement,
    Earnings earnings,
    Fraud fraud,
    Settlement settlement) {

  /** What ran: the options, and how many links were up when the load started. */
  public record Setup(
      int providers,
      int liars,
      int consumers,
      long durationSeconds,
      double rate,
      double churnPerMinute,
      long seed,
      String trust,
      double sample,
      int linkedAtStart,
      long churnEvents,
      long setupSeconds) {}

  /**
   * How the calls ended; {@code ok + functionErrors + failed + errors + notSent + unanswered ==
   * offered} ({@code unanswered}: still waiting when the drain after the load gave up).
   */
  public record Invocations(
      long offered,
      long ok,
      long functionErrors,
      long failed,
      long errors,
      long notSent,
      long unanswered,
      double achievedPerSecond,
      Map<String, Long> failureReasons) {}

  /** From each call's due time to its answer, over the calls answered. */
  public record Latency(double p50Ms, double p90Ms, double p99Ms, double maxMs) {}

  /**
   * Price paid against what was on offer: the mean price per invocation of the offers that served
   * OK calls, the mean cheapest linked offer at each call, their ratio, and the share of calls
   * served by an offer in the cheapest tenth of those linked.
   */
  public record Placement(
      double meanCostPerCall,
      double meanPricePaid,
      double meanCheapestLive,
      double priceRatio,
      double shareInCheapestTenth,
      int providersUsed) {}

  /**
   * What providers earned on the ledger during the run (balance after less balance before; a
   * slashed liar's stake loss counts), and how it was spread: the share of all positive earnings
   * that went to the top and the bottom tenth of providers.
   */
  public record Earnings(
      long total,
      long honest,
      long liars,
      double meanHonest,
      double meanLiar,
      double topTenthShare,
      double bottomTenthShare,
      int honestEarningNothing) {}

  /**
   * Lies and what became of them. {@code liesTold} are the wrong answers liars signed; {@code
   * wrongAnswersToConsumers} reached a consumer, {@code caught} of those were flagged by the broker
   * (disputed or a provider slashed), {@code missed} were not. Disputes and slashings are read from
   * the ledger.
   */
  public record Fraud(
      long liesTold,
      long wrongAnswersToConsumers,
      long callsFlagged,
      long missed,
      long disputesOnLedger,
      int liarsSlashed,
      int honestSlashed) {}

  /**
   * Settlement and the books: receipts the ledger settled and refused (the broker's counters), what
   * consumers paid (their escrow before less after), and the sum of every balance before and after
   * (double entry: unchanged when money is conserved).
   */
  public record Settlement(
      boolean drained,
      long receiptsSettled,
      long receiptsRejected,
      long consumersPaid,
      long providersEarned,
      long brokerEarned,
      long balancesSumBefore,
      long balancesSumAfter,
      boolean conserved) {}
}
