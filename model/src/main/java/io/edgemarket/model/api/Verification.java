package io.edgemarket.model.api;

import java.util.List;

/**
 * How an invocation's result was checked, as {@code invoke --json} shows it: the function's trust
 * level, the providers whose runs were compared, and the outcome: {@code not-sampled} (the receipt
 * alone), {@code agreed} (the runs, or the re-execution, gave the same output), {@code disputed}
 * (they differ; a dispute is open on the ledger) or {@code provider-slashed} (the dispute found a
 * provider wrong; its stake paid the consumer).
 */
public record Verification(String level, List<String> providers, String outcome) {
  public static final String NOT_SAMPLED = "not-sampled";
  public static final String AGREED = "agreed";
  public static final String DISPUTED = "disputed";
  public static final String PROVIDER_SLASHED = "provider-slashed";

  public Verification {
    providers = providers == null ? List.of() : List.copyOf(providers);
  }
}
