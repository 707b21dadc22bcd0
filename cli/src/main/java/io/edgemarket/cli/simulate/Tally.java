package io.edgemarket.cli.simulate;

import io.edgemarket.model.ledger.Records.Dispute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Turns the calls, the providers' own counts and the ledger's books into a {@link SimReport}. */
final class Tally {
  private Tally() {}

  static SimReport.Invocations invocations(List<Call> calls, long unanswered, double seconds) {
    Map<String, Long> counts = new HashMap<>();
    Map<String, Long> reasons = new TreeMap<>();
    for (Call call : calls) {
      counts.merge(call.outcome(), 1L, Long::sum);
      if (!call.ok() && !"FUNCTION_ERROR".equals(call.outcome())) {
        String reason = call.outcome() + ": " + shorten(call.error());
        reasons.merge(reason, 1L, Long::sum);
      }
    }
    long answered = calls.stream().filter(c -> !"NOT_SENT".equals(c.outcome())).count();
    return new SimReport.Invocations(
        calls.size() + unanswered,
        counts.getOrDefault("OK", 0L),
        counts.getOrDefault("FUNCTION_ERROR", 0L),
        counts.getOrDefault("FAILED", 0L),
        counts.getOrDefault("ERROR", 0L),
        counts.getOrDefault("NOT_SENT", 0L),
        unanswered,
        seconds <= 0 ? 0 : answered / seconds,
        reasons);
  }

  private static String shorten(String error) {
    if (error == null) {
      return "(no message)";
    }
    // Invocation ids and numbers make every message unique; keep the reason, not the instance.
    String general = error.replaceAll("[0-9a-f]{8,}|\\d+", "#");
    return general.length() > 100 ? general.substring(0, 100) + "..." : general;
  }

  static SimReport.Latency latency(List<Call> calls) {
    long[] nanos =
        calls.stream()
            .filter(c -> !"NOT_SENT".equals(c.outcome()))
            .mapToLong(Call::latencyNanos)
            .sorted()
            .toArray();
    return new SimReport.Latency(
        pct(nanos, 0.50), pct(nanos, 0.90), pct(nanos, 0.99), pct(nanos, 1.0));
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return Math.round(sorted[Math.max(0, index)] / 10_000.0) / 100.0;
  }

  static SimReport.Placement placement(List<Call> calls, Map<String, SimProvider> byId) {
    long n = 0;
    double cost = 0;
    double paid = 0;
    double cheapest = 0;
    long inTenth = 0;
    Set<String> used = new HashSet<>();
    for (Call call : calls) {
      SimProvider provider = call.providerId() == null ? null : byId.get(call.providerId());
      if (!call.ok() || provider == null || call.cheapestLive() == 0) {
        continue;
      }
      long price = provider.spec().pricePerInvocation();
      n++;
      cost += call.cost();
      paid += price;
      cheapest += call.cheapestLive();
      inTenth += price <= call.tenthLive() ? 1 : 0;
      used.add(call.providerId());
    }
    if (n == 0) {
      return new SimReport.Placement(0, 0, 0, 0, 0, 0);
    }
    return new SimReport.Placement(
        round(cost / n),
        round(paid / n),
        round(cheapest / n),
        round(paid / cheapest),
        round((double) inTenth / n),
        used.size());
  }

  static SimReport.Earnings earnings(
      List<SimProvider> providers, Map<String, Long> before, Map<String, Long> after) {
    long total = 0;
    long honest = 0;
    long liars = 0;
    int honestCount = 0;
    int liarCount = 0;
    int honestNothing = 0;
    List<Long> each = new ArrayList<>();
    for (SimProvider provider : providers) {
      String id = provider.identity().id();
      long earned = after.getOrDefault(id, 0L) - before.getOrDefault(id, 0L);
      total += earned;
      each.add(earned);
      if (provider.spec().liar()) {
        liars += earned;
        liarCount++;
      } else {
        honest += earned;
        honestCount++;
        honestNothing += earned <= 0 ? 1 : 0;
      }
    }
    each.sort(null);
    long positive = each.stream().mapToLong(e -> Math.max(0, e)).sum();
    int tenth = Math.max(1, each.size() / 10);
    long top =
        each.subList(each.size() - Math.min(tenth, each.size()), each.size()).stream()
            .mapToLong(e -> Math.max(0, e))
            .sum();
    long bottom =
        each.subList(0, Math.min(tenth, each.size())).stream().mapToLong(e -> Math.max(0, e)).sum();
    return new SimReport.Earnings(
        total,
        honest,
        liars,
        honestCount == 0 ? 0 : round((double) honest / honestCount),
        liarCount == 0 ? 0 : round((double) liars / liarCount),
        positive == 0 ? 0 : round((double) top / positive),
        positive == 0 ? 0 : round((double) bottom / positive),
        honestNothing);
  }

  static SimReport.Fraud fraud(
      List<Call> calls,
      List<SimProvider> providers,
      List<Dispute> disputes,
      Map<String, SimProvider> byId) {
    long lies = providers.stream().mapToLong(p -> p.work().lies()).sum();
    long wrong = calls.stream().filter(c -> c.ok() && !c.correct()).count();
    long missed = calls.stream().filter(Call::missedLie).count();
    long flagged =
        calls.stream()
            .filter(
                c ->
                    io.edgemarket.model.api.Verification.DISPUTED.equals(c.verification())
                        || io.edgemarket.model.api.Verification.PROVIDER_SLASHED.equals(
                            c.verification()))
            .count();
    Set<String> slashedLiars = new HashSet<>();
    Set<String> slashedHonest = new HashSet<>();
    for (Dispute dispute : disputes) {
      for (String slashed : dispute.slashed() == null ? List.<String>of() : dispute.slashed()) {
        SimProvider provider = byId.get(slashed);
        if (provider != null && provider.spec().liar()) {
          slashedLiars.add(slashed);
        } else {
          slashedHonest.add(slashed);
        }
      }
    }
    return new SimReport.Fraud(
        lies, wrong, flagged, missed, disputes.size(), slashedLiars.size(), slashedHonest.size());
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
