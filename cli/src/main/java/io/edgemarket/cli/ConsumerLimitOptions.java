package io.edgemarket.cli;

import io.edgemarket.broker.invoke.ConsumerLimits;
import picocli.CommandLine.Option;

/**
 * {@code --max-in-flight-per-consumer} and {@code --invocations-per-minute-per-consumer}: what the
 * broker lets one consumer start, a mixin for the commands that run a broker ({@code up}, {@code
 * broker start}). A call over either is answered 429 with {@code Retry-After} (docs/http-api.md).
 */
final class ConsumerLimitOptions {
  @Option(
      names = "--max-in-flight-per-consumer",
      paramLabel = "N",
      defaultValue = "" + ConsumerLimits.DEFAULT_MAX_IN_FLIGHT,
      description =
          "Most invocations one consumer may have running at once; one more is refused with 429"
              + " TOO_MANY_IN_FLIGHT and Retry-After, nothing held or run (default:"
              + " ${DEFAULT-VALUE}; 0: no limit).")
  int maxInFlight = ConsumerLimits.DEFAULT_MAX_IN_FLIGHT;

  @Option(
      names = "--invocations-per-minute-per-consumer",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Most new invocations one consumer may start per minute (up to N at once, refilled"
              + " evenly); one more is refused with 429 QUOTA_EXCEEDED and Retry-After (default:"
              + " ${DEFAULT-VALUE}, no quota).")
  int perMinute;

  /** The limits asked for; a usage error naming the option when one is negative. */
  ConsumerLimits limits() {
    if (maxInFlight < 0) {
      throw CliException.usage("--max-in-flight-per-consumer must not be negative (0: no limit)");
    }
    if (perMinute < 0) {
      throw CliException.usage(
          "--invocations-per-minute-per-consumer must not be negative (0: no quota)");
    }
    return new ConsumerLimits(maxInFlight, perMinute);
  }
}
