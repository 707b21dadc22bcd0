package io.edgemarket.cli.simulate;

import java.io.PrintStream;
import java.util.Map;

/** {@link SimReport} as the text table {@code simulate} prints without {@code --json}. */
public final class ReportTable {
  private ReportTable() {}

  public static void print(SimReport r, PrintStream out) {
    var s = r.setup();
    out.printf(
        "market simulation: %d providers (%d liars), %d consumers, %d s at %.1f calls/s, churn %.2f/min, seed %d, trust %s (sample %.3f)%n",
        s.providers(),
        s.liars(),
        s.consumers(),
        s.durationSeconds(),
        s.rate(),
        s.churnPerMinute(),
        s.seed(),
        s.trust(),
        s.sample());
    out.printf(
        "  setup %d s, %d links up at start, %d churn drops%n",
        s.setupSeconds(), s.linkedAtStart(), s.churnEvents());
    var i = r.invocations();
    row(
        out,
        "invocations",
        "%d offered: %d ok, %d function errors, %d failed, %d SDK errors, %d not sent, %d unanswered (%.1f answered/s)",
        i.offered(),
        i.ok(),
        i.functionErrors(),
        i.failed(),
        i.errors(),
        i.notSent(),
        i.unanswered(),
        i.achievedPerSecond());
    for (Map.Entry<String, Long> reason : i.failureReasons().entrySet()) {
      row(out, "", "%6d  %s", reason.getValue(), reason.getKey());
    }
    var l = r.latency();
    row(
        out,
        "latency",
        "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms",
        l.p50Ms(),
        l.p90Ms(),
        l.p99Ms(),
        l.maxMs());
    var p = r.placement();
    row(out, "cost", "%.2f per OK call (primary run's receipt)", p.meanCostPerCall());
    row(
        out,
        "placement",
        "price paid %.2f vs cheapest live %.2f (x%.3f); %.1f%% on the cheapest tenth; %d providers used",
        p.meanPricePaid(),
        p.meanCheapestLive(),
        p.priceRatio(),
        100 * p.shareInCheapestTenth(),
        p.providersUsed());
    var e = r.earnings();
    row(
        out,
        "earnings",
        "%d in all: honest %d (mean %.1f), liars %d (mean %.1f); top tenth %.1f%%, bottom tenth %.1f%%; %d honest earned nothing",
        e.total(),
        e.honest(),
        e.meanHonest(),
        e.liars(),
        e.meanLiar(),
        100 * e.topTenthShare(),
        100 * e.bottomTenthShare(),
        e.honestEarningNothing());
    var f = r.fraud();
    row(
        out,
        "fraud",
        "%d lies told; %d wrong answers reached consumers, %d calls flagged (disputed or slashed), %d missed",
        f.liesTold(),
        f.wrongAnswersToConsumers(),
        f.callsFlagged(),
        f.missed());
    row(
        out,
        "",
        "%d disputes on the ledger; %d liars slashed, %d honest providers slashed",
        f.disputesOnLedger(),
        f.liarsSlashed(),
        f.honestSlashed());
    var t = r.settlement();
    row(
        out,
        "settlement",
        "%s; %d receipts settled, %d rejected; consumers paid %d, providers earned %d, broker %d",
        t.drained() ? "queue drained" : "QUEUE NOT DRAINED",
        t.receiptsSettled(),
        t.receiptsRejected(),
        t.consumersPaid(),
        t.providersEarned(),
        t.brokerEarned());
    row(
        out,
        "money",
        "sum of all balances %d before, %d after: %s",
        t.balancesSumBefore(),
        t.balancesSumAfter(),
        t.conserved() ? "conserved" : "NOT CONSERVED");
  }

  private static void row(PrintStream out, String name, String format, Object... args) {
    out.printf("  %-11s %s%n", name, String.format(format, args));
  }
}
