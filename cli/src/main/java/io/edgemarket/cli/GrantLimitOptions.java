package io.edgemarket.cli;

import io.edgemarket.sdk.RouteOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The limits every trigger's grant carries besides its number of calls ({@code trigger route
 * create}, {@code trigger cron create}, {@code trigger mqtt create}): what the owner pays in all,
 * for one run, and for how long.
 */
final class GrantLimitOptions {
  @Option(
      names = "--max-spend",
      paramLabel = "N",
      description = "At most N minor units are paid in all (default: ${DEFAULT-VALUE}).")
  long maxSpend = RouteOptions.defaults().maxSpend();

  @Option(
      names = "--max-price-per-call",
      paramLabel = "N",
      description = "At most N for one run (default: the function's maximum price per invocation).")
  Long maxPricePerCall;

  @Option(
      names = "--days",
      paramLabel = "N",
      description = "The trigger lives N days from now (default: ${DEFAULT-VALUE}).")
  long days = RouteOptions.defaults().validFor().toDays();

  /** The grant's limits with at most {@code maxCalls} runs. */
  RouteOptions with(long maxCalls) {
    return new RouteOptions(maxCalls, maxSpend, maxPricePerCall, Duration.ofDays(days));
  }
}
